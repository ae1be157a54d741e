package io.healthscore.backtest.metrics;

import io.healthscore.avro.ExpansionKind;
import io.healthscore.backtest.replay.AccountTimeline;
import io.healthscore.backtest.replay.ExpansionRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well the expansion signal foretold upgrades, where the log carries them (the mapping's {@code upgrade} rule).
 * <ul>
 *   <li>Precision: of the signals after the warm-up and before their account churned, the share followed by an
 *       upgrade of that account within the horizon (signals the log cannot judge yet, near its end, are left out).
 *       Compare with the base rate: the share of scored account-days (each midnight after the warm-up) followed by
 *       an upgrade within the horizon.</li>
 *   <li>Recall: of the accounts that upgraded after the warm-up (their first upgrade then), the share signalled in
 *       the horizon before it. Lead = upgrade time - first signal in that horizon, in days.</li>
 * </ul>
 * Not measured, with the reason in words and no figure, when the mapping names no upgrade records, the log holds
 * none, or none falls after the warm-up.
 */
public final class ExpansionQuality {

    private ExpansionQuality() {
    }

    /** Precision of the signals of one kind (or of all). */
    public record Precision(String group, long signals, long followed, long unknown) {

        /** Followed / judged; null when no signal could be judged. */
        public Double precision() {
            long judged = signals - unknown;
            return judged <= 0 ? null : followed / (double) judged;
        }
    }

    /**
     * @param notMeasuredBecause why there are no figures (empty when measured)
     * @param upgradeRecords     upgrade records in the log
     * @param baseRate           null when no sample could be judged
     */
    public record Result(boolean measured, String notMeasuredBecause, long signalsFired, long signalsInWarmup,
                         long signalsAfterChurn, long upgradeRecords, Precision overall, List<Precision> byKind,
                         int upgraders, int signalledUpgraders, LeadTimes leads, long samples, Double baseRate) {

        /** Signalled upgraders / upgraders; null without upgraders. */
        public Double recall() {
            return upgraders == 0 ? null : signalledUpgraders / (double) upgraders;
        }

        /** Median lead in days; null when no upgrader was signalled. */
        public Double medianLeadDays() {
            return leads.count() == 0 ? null : leads.median();
        }

        /** Precision over the base rate; null when either is unknown or the base rate is 0. */
        public Double lift() {
            Double p = overall.precision();
            return p == null || baseRate == null || baseRate == 0 ? null : p / baseRate;
        }
    }

    public static Result compute(List<ExpansionRecord> signals, boolean mappingNamesUpgrades,
                                 Map<String, List<Long>> upgrades, Map<String, Long> churnAt,
                                 Collection<AccountTimeline> timelines, EvaluationWindow window) {
        long upgradeRecords = upgrades.values().stream().mapToLong(List::size).sum();
        Map<String, long[]> groups = new LinkedHashMap<>();
        long[] all = new long[3];
        long inWarmup = 0;
        long afterChurn = 0;
        Map<String, List<Long>> judgedSignals = new HashMap<>();
        for (ExpansionRecord s : signals) {
            Long churn = churnAt.get(s.account());
            if (churn != null && s.detectedAt() >= churn) {
                afterChurn++;
                continue;
            }
            if (s.detectedAt() < window.warmupEnd()) {
                inWarmup++;
                continue;
            }
            judgedSignals.computeIfAbsent(s.account(), a -> new ArrayList<>()).add(s.detectedAt());
            int outcome = outcome(s.detectedAt(), upgrades.get(s.account()), window);
            count(all, outcome);
            count(groups.computeIfAbsent(s.kind().name(), k -> new long[3]), outcome);
        }
        List<Precision> byKind = new ArrayList<>();
        for (ExpansionKind kind : ExpansionKind.values()) {
            long[] g = groups.get(kind.name());
            if (g != null) {
                byKind.add(new Precision(kind.name(), g[0], g[1], g[2]));
            }
        }
        Precision overall = new Precision("all", all[0], all[1], all[2]);
        long fired = all[0];
        String why = !mappingNamesUpgrades ? "the mapping names no upgrade records (add upgrade: {when: ...})"
                : upgradeRecords == 0 ? "the log carries no upgrade records (the mapping's upgrade rule matched none)"
                : "";
        int upgraders = 0;
        int signalled = 0;
        List<Double> leads = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : upgrades.entrySet()) {
            Long first = e.getValue().stream().filter(u -> u >= window.warmupEnd()).min(Long::compare).orElse(null);
            Long churn = churnAt.get(e.getKey());
            if (first == null || churn != null && churn < first) {
                continue;
            }
            upgraders++;
            Long earliest = judgedSignals.getOrDefault(e.getKey(), List.of()).stream()
                    .filter(t -> t < first && t >= first - window.horizonMs()).min(Long::compare).orElse(null);
            if (earliest != null) {
                signalled++;
                leads.add((first - earliest) / (double) EvaluationWindow.DAY_MS);
            }
        }
        if (why.isEmpty() && upgraders == 0) {
            why = "no account upgraded after the warm-up (" + upgradeRecords + " upgrade records, all before "
                    + java.time.Instant.ofEpochMilli(window.warmupEnd()) + " or after the account churned)";
        }
        long[] base = why.isEmpty() ? baseRate(timelines, upgrades, churnAt, window) : new long[2];
        Double baseRate = base[0] == 0 ? null : base[1] / (double) base[0];
        return new Result(why.isEmpty(), why, fired, inWarmup, afterChurn, upgradeRecords, overall,
                List.copyOf(byKind), upgraders, signalled, new LeadTimes(leads), base[0], baseRate);
    }

    /** 0 = not followed, 1 = followed by an upgrade within the horizon, 2 = the log cannot tell yet. */
    private static int outcome(long time, List<Long> upgrades, EvaluationWindow window) {
        if (upgrades != null) {
            for (long u : upgrades) {
                if (u > time && u <= time + window.horizonMs()) {
                    return 1;
                }
            }
        }
        return time + window.horizonMs() <= window.logEnd() ? 0 : 2;
    }

    private static void count(long[] group, int outcome) {
        group[0]++;
        if (outcome == 1) {
            group[1]++;
        } else if (outcome == 2) {
            group[2]++;
        }
    }

    /** {judged account-days, those followed by an upgrade within the horizon}. */
    private static long[] baseRate(Collection<AccountTimeline> timelines, Map<String, List<Long>> upgrades,
                                   Map<String, Long> churnAt, EvaluationWindow window) {
        long judged = 0;
        long followed = 0;
        for (AccountTimeline t : timelines) {
            Long churn = churnAt.get(t.account());
            List<Long> ups = upgrades.get(t.account());
            for (long day = Math.max(window.firstDay(), t.firstDay()); day <= window.lastDay(); day++) {
                long midnight = day * EvaluationWindow.DAY_MS;
                if (t.levelOn(day) < 0 || churn != null && churn <= midnight) {
                    continue;
                }
                int outcome = outcome(midnight, ups, window);
                if (outcome != 2) {
                    judged++;
                    followed += outcome;
                }
            }
        }
        return new long[] {judged, followed};
    }
}
