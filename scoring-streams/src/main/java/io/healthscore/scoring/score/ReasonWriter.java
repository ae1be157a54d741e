package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The top reasons for a score, in words: the components whose weighted change since the last published score
 * is largest (w_i * |s_i - s_i,prev|), or, with nothing to compare against, the components pulling the score
 * down most (w_i * (100 - s_i)). At most {@code limit} reasons, e.g. "activity 35 (was 80): 3 of 40 seats active
 * in 7 days".
 */
public final class ReasonWriter {

    private final int limit;

    public ReasonWriter(int limit) {
        this.limit = limit;
    }

    public List<String> reasons(Evaluation evaluation, Map<ScoreComponent, Double> previous) {
        Map<ScoreComponent, Double> values = evaluation.values();
        boolean moved = false;
        for (Map.Entry<ScoreComponent, Double> value : values.entrySet()) {
            Double before = previous.get(value.getKey());
            if (before != null && !before.equals(value.getValue())) {
                moved = true;
                break;
            }
        }
        // Runs on every evaluation: the components with an impact, then the top `limit` of them by impact
        // (descending, ties by component order), picked without streams or a sort.
        ScoreComponent[] candidates = new ScoreComponent[values.size()];
        double[] impacts = new double[candidates.length];
        int n = 0;
        for (ScoreComponent c : values.keySet()) {
            double impact = impact(c, evaluation, previous, moved);
            if (impact > 0) {
                candidates[n] = c;
                impacts[n] = impact;
                n++;
            }
        }
        List<String> reasons = new ArrayList<>(Math.min(limit, n));
        for (int picked = 0; picked < limit && picked < n; picked++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (candidates[i] != null && (best < 0 || impacts[i] > impacts[best]
                        || impacts[i] == impacts[best] && candidates[i].ordinal() < candidates[best].ordinal())) {
                    best = i;
                }
            }
            ScoreComponent c = candidates[best];
            candidates[best] = null;
            reasons.add(describe(c, evaluation, moved ? previous.get(c) : null));
        }
        return Collections.unmodifiableList(reasons);
    }

    private static double impact(ScoreComponent c, Evaluation e, Map<ScoreComponent, Double> previous, boolean moved) {
        double w = e.weights().get(c);
        if (moved) {
            Double before = previous.get(c);
            return before == null ? 0 : w * Math.abs(e.values().get(c) - before);
        }
        return w * (100 - e.values().get(c));
    }

    private static String describe(ScoreComponent c, Evaluation e, Double before) {
        String value = format(e.values().get(c));
        String was = before == null ? "" : " (was " + format(before) + ")";
        return ScoringModelLoader.describe(c) + " " + value + was + ": " + e.measures().get(c);
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
