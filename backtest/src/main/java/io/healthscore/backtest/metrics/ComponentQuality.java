package io.healthscore.backtest.metrics;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.replay.ReplayObservations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well each component on its own foretells churn: its coverage (share of samples with data), its AUC over all
 * samples (churn within the horizon), its AUC k days before churn, and its correlation with retention (point-biserial:
 * stays = 1, churns = 0; positive means higher values go with staying).
 */
public final class ComponentQuality {

    private ComponentQuality() {
    }

    public record Result(ScoreComponent component, double coverage, Auc.Result anyDayAuc,
                         Map<Integer, LeadTimeAuc.Result> leadAuc, double retentionCorrelation) {
    }

    public static List<Result> compute(List<Snapshot> snapshots, ReplayObservations observations,
                                       Map<String, Long> churnAt, EvaluationWindow window, List<Integer> leads) {
        List<Result> results = new ArrayList<>();
        for (ScoreComponent c : ScoreComponent.values()) {
            List<Double> churners = new ArrayList<>();
            List<Double> others = new ArrayList<>();
            for (Snapshot s : snapshots) {
                double v = s.component(c);
                if (!Double.isNaN(v)) {
                    (s.churned() ? churners : others).add(v);
                }
            }
            double coverage = snapshots.isEmpty() ? 0 : (churners.size() + others.size()) / (double) snapshots.size();
            Auc.Result anyDay = Auc.of(LeadTimeAuc.toArray(churners), LeadTimeAuc.toArray(others));
            Map<Integer, LeadTimeAuc.Result> lead = new LinkedHashMap<>();
            for (int k : leads) {
                lead.put(k, LeadTimeAuc.compute(observations, churnAt, window, k, DayValue.component(c)));
            }
            results.add(new Result(c, coverage, anyDay, lead, pointBiserial(churners, others)));
        }
        return results;
    }

    /** Pearson correlation of the value with "stayed" (1) vs "churned" (0); NaN without both groups or variance. */
    static double pointBiserial(List<Double> churners, List<Double> others) {
        int n = churners.size() + others.size();
        if (churners.isEmpty() || others.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        double sumSq = 0;
        for (double v : churners) {
            sum += v;
            sumSq += v * v;
        }
        double churnSum = sum;
        for (double v : others) {
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / n;
        double sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        if (sd < 1e-12) {
            return Double.NaN;
        }
        double meanStay = (sum - churnSum) / others.size();
        double meanChurn = churnSum / churners.size();
        double p = others.size() / (double) n;
        return (meanStay - meanChurn) / sd * Math.sqrt(p * (1 - p));
    }
}
