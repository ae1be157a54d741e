package io.healthscore.alert.console;

import io.healthscore.alert.api.AccountTimeline;
import io.healthscore.alert.api.ApiException;
import io.healthscore.alert.api.TimelineEntry;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.store.AccountHistoryRepository;
import io.healthscore.alert.store.AccountHistoryRepository.DetailedScore;
import io.healthscore.alert.store.AccountHistoryRepository.Facts;
import io.healthscore.alert.store.AccountHistoryRepository.LevelChange;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.AlertStatus;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.StoredAlert;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything the account page shows, read within the person's scope: {@link ConsoleAccounts#account} decides 403
 * and 404 first, then the facts, the last {@link #DAYS} days of scores with their parts, the chart's markers, the
 * causes of the last movements and one page of the timeline (newest first).
 */
@Singleton
public final class AccountOverview {

    static final int DAYS = 90;
    static final int MAX_SCORES = 2000;
    static final int MAX_CAUSES = 5;
    /** Movements among the latest scores only: "why it changed" is about the recent past. */
    static final int RECENT_SCORES = 10;
    static final int TIMELINE_PAGE = 25;
    /** At most this many alert markers: the newest of the chart's period. */
    static final int MAX_ALERT_MARKERS = 200;

    private final ConsoleAccounts accounts;
    private final AccountHistoryRepository history;
    private final AccountTimeline timeline;
    private final Database db;
    private final Clock clock;
    private final double[] bands;
    private final AlertRepository alerts;

    public AccountOverview(ConsoleAccounts accounts, AccountHistoryRepository history, AccountTimeline timeline,
                           Database db, Clock clock, @Value("${console.level-bands:40,60,80}") String levelBands,
                           AlertRepository alerts) {
        this.alerts = alerts;
        this.accounts = accounts;
        this.history = history;
        this.timeline = timeline;
        this.db = db;
        this.clock = clock;
        this.bands = Arrays.stream(levelBands.split(",")).map(String::trim).mapToDouble(Double::parseDouble)
                .toArray();
    }

    /** @throws ApiException 403 for another person's account, 404 for an unknown one */
    /** @param text the words of the page (the chart's title and markers) */
    public AccountView.Model read(Person person, String accountId, @Nullable Instant before, Text text) {
        ConsoleAccounts.AccountDetail detail = accounts.account(person, accountId);
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofDays(DAYS));
        record Read(Facts facts, List<DetailedScore> scores, List<LevelChange> changes, Double week, Double month,
                    List<StoredAlert> alerts) {
        }
        Read read = db.inTransaction(c -> new Read(
                history.facts(c, accountId).orElse(new Facts(null, null, null, null, null, null, null, null)),
                history.scores(c, accountId, from, now, MAX_SCORES),
                history.levelChanges(c, accountId, from, 200),
                history.scoreAtOrBefore(c, accountId, now.minus(Duration.ofDays(7))).orElse(null),
                history.scoreAtOrBefore(c, accountId, now.minus(Duration.ofDays(30))).orElse(null),
                // Every alert of the period, resolved ones too: the chart is history, not the inbox. Alerts the
                // cooldown or a snooze folded away (SUPPRESSED) reached no one and are left out.
                alerts.forAccountBefore(c, accountId, now.plus(Duration.ofDays(1)), MAX_ALERT_MARKERS).stream()
                        .filter(a -> !a.raisedAt().isBefore(from) && a.status() != AlertStatus.SUPPRESSED).toList()));
        AccountTimeline.Page page = timeline.page(ConsoleAccounts.actor(person), accountId, before, TIMELINE_PAGE);
        List<TimelineEntry> newestFirst = new ArrayList<>(page.entries());
        java.util.Collections.reverse(newestFirst);
        ScoreChart chart = new ScoreChart(now, DAYS, bands);
        List<ScoreChart.Marker> markers = markers(read.scores(), read.changes(), read.alerts(), text);
        List<ScoreChart.Point> points = read.scores().stream().map(s -> new ScoreChart.Point(s.at(), s.score()))
                .toList();
        String title = text.t("account.chart.title", DAYS, Objects.requireNonNullElse(detail.account().name(),
                accountId));
        DetailedScore latest = read.scores().isEmpty() ? null : read.scores().getLast();
        return new AccountView.Model(detail.account(), detail.alerts(), read.facts(), latest,
                trend(detail.account().score(), read.week()), trend(detail.account().score(), read.month()),
                chart.svg(points, markers, title, text), points, markers,
                WhyItChanged.causes(recent(read.scores()), MAX_CAUSES), newestFirst, page.nextBefore());
    }

    private static @Nullable Double trend(@Nullable Double now, @Nullable Double then) {
        return now == null || then == null ? null : now - then;
    }

    private static List<WhyItChanged.Point> recent(List<DetailedScore> scores) {
        List<DetailedScore> last = scores.subList(Math.max(0, scores.size() - RECENT_SCORES), scores.size());
        return last.stream().map(s -> {
            List<WhyItChanged.Component> parts = new ArrayList<>();
            for (int i = 0; i < s.names().size(); i++) {
                parts.add(new WhyItChanged.Component(s.names().get(i), at(s.values(), i),
                        Objects.requireNonNullElse(at(s.weights(), i), 0.0), at(s.measures(), i)));
            }
            return new WhyItChanged.Point(s.at(), s.score(), parts);
        }).toList();
    }

    static <T> @Nullable T at(List<T> list, int i) {
        return i < list.size() ? list.get(i) : null;
    }

    /** Alerts raised, level changes, and each score whose model differs from the one before. */
    private static List<ScoreChart.Marker> markers(List<DetailedScore> scores, List<LevelChange> changes,
                                                   List<StoredAlert> alerts, Text text) {
        List<ScoreChart.Marker> out = new ArrayList<>();
        alerts.forEach(a -> out.add(new ScoreChart.Marker(a.raisedAt(), "alert", text.t(
                a.status() == AlertStatus.RESOLVED ? "account.marker.alertResolved" : "account.marker.alert",
                a.rule(), text.word("severity", a.severity())))));
        changes.forEach(t -> out.add(new ScoreChart.Marker(t.at(), "level", text.t("account.marker.level",
                text.level(t.fromLevel()), text.level(t.toLevel())))));
        for (int i = 1; i < scores.size(); i++) {
            String was = scores.get(i - 1).modelVersion();
            String now = scores.get(i).modelVersion();
            if (was != null && now != null && !was.equals(now)) {
                out.add(new ScoreChart.Marker(scores.get(i).at(), "model", text.t("account.marker.model", was,
                        now)));
            }
        }
        out.sort(java.util.Comparator.comparing(ScoreChart.Marker::at));
        return out;
    }
}
