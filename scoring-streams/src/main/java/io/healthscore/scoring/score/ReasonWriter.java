package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.util.Comparator;
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
        boolean moved = values.keySet().stream().anyMatch(c -> previous.containsKey(c)
                && !previous.get(c).equals(values.get(c)));
        Comparator<ScoreComponent> byImpact = Comparator.comparingDouble(c -> -impact(c, evaluation, previous, moved));
        return values.keySet().stream()
                .filter(c -> impact(c, evaluation, previous, moved) > 0)
                .sorted(byImpact.thenComparing(Enum::ordinal))
                .limit(limit)
                .map(c -> describe(c, evaluation, moved ? previous.get(c) : null))
                .toList();
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
