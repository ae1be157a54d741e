package io.healthscore.backtest.metrics;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import io.healthscore.backtest.replay.AlertRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well alerts warned of churn.
 * <ul>
 *   <li>Precision: of the alerts raised after the warm-up and before their account churned, the share whose account
 *       churned within the horizon (alerts the log cannot judge yet, near its end, are left out). Compare with the
 *       base rate: the share of all account-days that were followed by churn within the horizon.</li>
 *   <li>Recall: of the churners that churned after the warm-up, the share with an alert in the horizon before
 *       churning ("warned"). Lead time = churn time - first alert in that horizon.</li>
 *   <li>Churners without any alert: no alert at all before they churned.</li>
 * </ul>
 * Alerts after an account churned (a gone account falls silent and trips INACTIVITY) predict nothing and are
 * counted apart.
 */
public final class AlertQuality {

    private AlertQuality() {
    }

    /**
     * Precision of one group of alerts, and the lead times of the churners it warned: for each churner, churn time
     * minus the group's first alert in the horizon before it.
     */
    public record Precision(String group, long alerts, long hits, long unknown, LeadTimes leads) {

        public Precision(String group, long alerts, long hits, long unknown) {
            this(group, alerts, hits, unknown, LeadTimes.NONE);
        }

        public double precision() {
            return alerts == 0 ? Double.NaN : hits / (double) alerts;
        }
    }

    public record Result(Precision overall, List<Precision> byRuleAndSeverity, long alertsInWarmup,
                         long alertsAfterChurn, int churners, int warned, int warnedImminent, int withoutAnyAlert,
                         List<Double> leadDays, double medianLeadDays, double baseRate) {

        public double recall() {
            return churners == 0 ? Double.NaN : warned / (double) churners;
        }

        public double recallImminent() {
            return churners == 0 ? Double.NaN : warnedImminent / (double) churners;
        }
    }

    public static Result compute(List<AlertRecord> alerts, Map<String, Long> churnAt, Set<String> scoredAccounts,
                                 EvaluationWindow window, double baseRate) {
        Map<String, long[]> groups = new LinkedHashMap<>();
        long[] overall = new long[3];
        long inWarmup = 0;
        long afterChurn = 0;
        Map<String, List<AlertRecord>> byAccount = new HashMap<>();
        for (AlertRecord alert : alerts) {
            Long churn = churnAt.get(alert.account());
            if (churn != null && alert.raisedAt() >= churn) {
                afterChurn++;
                continue;
            }
            byAccount.computeIfAbsent(alert.account(), a -> new ArrayList<>()).add(alert);
            if (alert.raisedAt() < window.warmupEnd()) {
                inWarmup++;
                continue;
            }
            Outcome outcome = Outcome.after(alert.raisedAt(), churn, window);
            long[] group = groups.computeIfAbsent(alert.rule() + " " + alert.severity(), g -> new long[3]);
            count(group, outcome);
            count(overall, outcome);
        }
        int churners = 0;
        int warned = 0;
        int warnedImminent = 0;
        int withoutAny = 0;
        List<Double> leads = new ArrayList<>();
        Map<String, List<Double>> groupLeads = new HashMap<>();
        for (Map.Entry<String, Long> e : churnAt.entrySet()) {
            long churn = e.getValue();
            if (churn < window.warmupEnd() || !scoredAccounts.contains(e.getKey())) {
                continue;
            }
            churners++;
            List<AlertRecord> before = byAccount.getOrDefault(e.getKey(), List.of());
            if (before.isEmpty()) {
                withoutAny++;
                continue;
            }
            long from = Math.max(churn - window.horizonMs(), window.warmupEnd());
            long first = Long.MAX_VALUE;
            boolean imminent = false;
            Map<String, Long> firstOfGroup = new HashMap<>();
            for (AlertRecord a : before) {
                if (a.raisedAt() >= from && a.raisedAt() < churn) {
                    first = Math.min(first, a.raisedAt());
                    imminent |= a.severity() == Severity.IMMINENT;
                    firstOfGroup.merge(a.rule() + " " + a.severity(), a.raisedAt(), Math::min);
                }
            }
            firstOfGroup.forEach((group, at) -> groupLeads.computeIfAbsent(group, g -> new ArrayList<>())
                    .add((churn - at) / (double) EvaluationWindow.DAY_MS));
            if (first != Long.MAX_VALUE) {
                warned++;
                warnedImminent += imminent ? 1 : 0;
                leads.add((churn - first) / (double) EvaluationWindow.DAY_MS);
            }
        }
        List<Precision> perGroup = new ArrayList<>();
        groups.entrySet().stream().sorted(Map.Entry.comparingByKey(AlertQuality::byRuleOrder))
                .forEach(g -> perGroup.add(new Precision(g.getKey(), g.getValue()[0], g.getValue()[1], g.getValue()[2],
                        new LeadTimes(groupLeads.getOrDefault(g.getKey(), List.of())))));
        Precision all = new Precision("all alerts", overall[0], overall[1], overall[2], new LeadTimes(leads));
        return new Result(all, perGroup, inWarmup, afterChurn, churners, warned, warnedImminent, withoutAny,
                List.copyOf(leads), median(leads), baseRate);
    }

    private static int byRuleOrder(String a, String b) {
        String[] pa = a.split(" ");
        String[] pb = b.split(" ");
        int rule = Integer.compare(AlertRule.valueOf(pa[0]).ordinal(), AlertRule.valueOf(pb[0]).ordinal());
        return rule != 0 ? rule : Integer.compare(Severity.valueOf(pa[1]).ordinal(), Severity.valueOf(pb[1]).ordinal());
    }

    private static void count(long[] group, Outcome outcome) {
        switch (outcome) {
            case CHURNED -> {
                group[0]++;
                group[1]++;
            }
            case STAYED -> group[0]++;
            case UNKNOWN -> group[2]++;
        }
    }

    /** The median, or NaN for none. */
    public static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
