package io.healthscore.backtest.replay;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.Direction;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the topology published during a replay, reduced to what the metrics need: per account a
 * {@link AccountTimeline} sampled at every midnight, every alert and expansion signal, transition counts, and the
 * dead-lettered inputs grouped by reason.
 */
public final class ReplayObservations {

    private static final int MAX_DLQ_REASONS = 50;
    /** Compiled once: a log that dead-letters most of its inputs passes every one of them through it. */
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z");

    private final Map<String, AccountTimeline> timelines = new HashMap<>();
    private final List<AlertRecord> alerts = new ArrayList<>();
    private final List<ExpansionRecord> expansions = new ArrayList<>();
    private final List<DeclineSample> declines = new ArrayList<>();
    private final Map<Integer, List<DeclineSample>> otherDeclines = new HashMap<>();
    private int declineWindow = io.healthscore.scoring.model.UsageDeclineThresholds.defaults().windowDays();
    private final Map<String, Long> deadLetters = new LinkedHashMap<>();
    private long scoresPublished;
    private long transitionsDown;
    private long transitionsUp;
    private long deadLetterCount;

    void score(HealthScore score) {
        scoresPublished++;
        timelines.computeIfAbsent(score.getAccountId(), AccountTimeline::new).published(score);
    }

    void alert(ChurnRiskAlert alert) {
        alerts.add(new AlertRecord(alert.getAccountId(), alert.getRaisedAt().toEpochMilli(), alert.getRule(),
                alert.getSeverity()));
    }

    void expansion(ExpansionOpportunity signal) {
        expansions.add(new ExpansionRecord(signal.getAccountId(), signal.getDetectedAt().toEpochMilli(),
                signal.getKind()));
    }

    /** Every expansion signal the topology published, in the order published. */
    public List<ExpansionRecord> expansions() {
        return List.copyOf(expansions);
    }

    void transition(LevelTransition transition) {
        if (transition.getDirection() == Direction.DOWN) {
            transitionsDown++;
        } else {
            transitionsUp++;
        }
    }

    void deadLetter(String reason) {
        deadLetterCount++;
        // Instants in the reason make every record unique; the reason's first clause groups them.
        String group = reason == null ? "(no reason)" : INSTANT.matcher(reason).replaceAll("<time>");
        if (deadLetters.containsKey(group) || deadLetters.size() < MAX_DLQ_REASONS) {
            deadLetters.merge(group, 1L, Long::sum);
        } else {
            deadLetters.merge("(other reasons)", 1L, Long::sum);
        }
    }

    void decline(String account, long epochDay, double decline) {
        declines.add(new DeclineSample(account, epochDay, decline));
    }

    /** The same measure over windows of other lengths, for the fit to compare (the model's own is {@link #declines()}). */
    void decline(int windowDays, String account, long epochDay, double decline) {
        otherDeclines.computeIfAbsent(windowDays, w -> new ArrayList<>()).add(new DeclineSample(account, epochDay, decline));
    }

    void declineWindow(int windowDays) {
        declineWindow = windowDays;
    }

    /** Every account's USAGE_DECLINE measure at each midnight where it could be measured, in time order. */
    public List<DeclineSample> declines() {
        return Collections.unmodifiableList(declines);
    }

    /** The measure by window length (days of each of the two windows compared): the model's and the others tried. */
    public Map<Integer, List<DeclineSample>> declinesByWindow() {
        Map<Integer, List<DeclineSample>> all = new java.util.TreeMap<>(otherDeclines);
        all.put(declineWindow, declines);
        return Collections.unmodifiableMap(all);
    }

    void midnight(long epochDay) {
        for (AccountTimeline t : timelines.values()) {
            t.sample(epochDay);
        }
    }

    public AccountTimeline timeline(String account) {
        return timelines.get(account);
    }

    public Collection<AccountTimeline> timelines() {
        return timelines.values();
    }

    public List<AlertRecord> alerts() {
        return List.copyOf(alerts);
    }

    public long scoresPublished() {
        return scoresPublished;
    }

    public long transitionsDown() {
        return transitionsDown;
    }

    public long transitionsUp() {
        return transitionsUp;
    }

    public long deadLetterCount() {
        return deadLetterCount;
    }

    public Map<String, Long> deadLettersByReason() {
        return new LinkedHashMap<>(deadLetters);
    }
}
