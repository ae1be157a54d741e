package io.healthscore.backtest.metrics;

import io.healthscore.backtest.replay.AccountTimeline;
import io.healthscore.backtest.replay.ReplayObservations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AUC of a value k days before churn: each churner is taken at the last midnight at least k days before it churned;
 * the accounts that never churned are taken at the same midnights, weighted so that every churner's midnight counts
 * as often as it has churners. Both sides are thus seen at the same moments, with the same history behind them.
 * Churners whose midnight falls in the warm-up, or that had no value then, are counted as not measured.
 */
public final class LeadTimeAuc {

    private LeadTimeAuc() {
    }

    /** The AUC at one lead time. */
    public record Result(int leadDays, Auc.Result auc, int churnersMeasured, int churnersNotMeasured) {
    }

    public static Result compute(ReplayObservations observations, Map<String, Long> churnAt, EvaluationWindow window,
                                 int leadDays, DayValue value) {
        return compute(observations.timelines(), churnAt, window, leadDays, value);
    }

    /** The same over some of the accounts only (e.g. the stayers and one kind of churner). */
    public static Result compute(Collection<AccountTimeline> timelines, Map<String, Long> churnAt,
                                 EvaluationWindow window, int leadDays, DayValue value) {
        Map<Long, List<Double>> churnersByDay = new HashMap<>();
        int notMeasured = 0;
        List<AccountTimeline> stayers = new ArrayList<>();
        for (AccountTimeline t : timelines) {
            Long churn = churnAt.get(t.account());
            if (churn == null) {
                stayers.add(t);
                continue;
            }
            long day = EvaluationWindow.midnightAtOrBefore(churn - leadDays * EvaluationWindow.DAY_MS);
            double v = day < window.firstDay() ? Double.NaN : value.on(t, day);
            if (Double.isNaN(v)) {
                notMeasured++;
            } else {
                churnersByDay.computeIfAbsent(day, d -> new ArrayList<>()).add(v);
            }
        }
        List<Double> churners = new ArrayList<>();
        List<Double> others = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        churnersByDay.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            List<Double> dayOthers = new ArrayList<>();
            for (AccountTimeline t : stayers) {
                double v = value.on(t, entry.getKey());
                if (!Double.isNaN(v)) {
                    dayOthers.add(v);
                }
            }
            if (dayOthers.isEmpty()) {
                return;
            }
            churners.addAll(entry.getValue());
            double weight = entry.getValue().size() / (double) dayOthers.size();
            for (double v : dayOthers) {
                others.add(v);
                weights.add(weight);
            }
        });
        for (Map.Entry<Long, List<Double>> e : churnersByDay.entrySet()) {
            if (stayers.stream().allMatch(t -> Double.isNaN(value.on(t, e.getKey())))) {
                notMeasured += e.getValue().size();
            }
        }
        Auc.Result auc = Auc.of(toArray(churners), toArray(others), toArray(weights));
        return new Result(leadDays, auc, churners.size(), notMeasured);
    }

    static double[] toArray(List<Double> values) {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
