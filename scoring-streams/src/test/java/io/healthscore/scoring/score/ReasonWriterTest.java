package io.healthscore.scoring.score;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reasons: largest weighted change first, or with nothing moved the largest drag; ties in component order. */
class ReasonWriterTest {

    private static final ScoreComponent[] ALL = ScoreComponent.values();

    @Test
    void theBiggestWeightedChangeComesFirstAndSaysWhatItWas() {
        Map<ScoreComponent, Double> values = new EnumMap<>(ScoreComponent.class);
        values.put(ALL[0], 35.0);
        values.put(ALL[1], 90.0);
        Map<ScoreComponent, Double> previous = Map.of(ALL[0], 80.0, ALL[1], 85.0);
        List<String> reasons = new ReasonWriter(3).reasons(evaluation(values, 0.5), previous);
        assertThat(reasons).containsExactly(
                ScoringModelLoader.describe(ALL[0]) + " 35 (was 80): m" + ALL[0].ordinal(),
                ScoringModelLoader.describe(ALL[1]) + " 90 (was 85): m" + ALL[1].ordinal());
    }

    @Test
    void agreesWithTheRuleAsWrittenOnRandomEvaluations() {
        Random random = new Random(99L);
        for (int run = 0; run < 20_000; run++) {
            Map<ScoreComponent, Double> values = new EnumMap<>(ScoreComponent.class);
            Map<ScoreComponent, Double> previous = new EnumMap<>(ScoreComponent.class);
            for (ScoreComponent c : ALL) {
                if (random.nextInt(4) > 0) {
                    values.put(c, (double) random.nextInt(5) * 25);     // coarse values: many ties
                }
                if (random.nextInt(3) > 0) {
                    previous.put(c, random.nextInt(3) == 0 && values.containsKey(c) ? values.get(c)
                            : (double) random.nextInt(5) * 25);
                }
            }
            Evaluation e = evaluation(values, random.nextBoolean() ? 0.25 : 0.5);
            int limit = 1 + random.nextInt(4);
            assertThat(new ReasonWriter(limit).reasons(e, previous)).as("run %d", run)
                    .isEqualTo(reference(limit, e, previous));
        }
    }

    /** The rule as first written, with streams and a sort. */
    private static List<String> reference(int limit, Evaluation e, Map<ScoreComponent, Double> previous) {
        Map<ScoreComponent, Double> values = e.values();
        boolean moved = values.keySet().stream().anyMatch(c -> previous.containsKey(c)
                && !previous.get(c).equals(values.get(c)));
        Comparator<ScoreComponent> byImpact = Comparator.comparingDouble(c -> -impact(c, e, previous, moved));
        return values.keySet().stream()
                .filter(c -> impact(c, e, previous, moved) > 0)
                .sorted(byImpact.thenComparing(Enum::ordinal))
                .limit(limit)
                .map(c -> {
                    Double before = moved ? previous.get(c) : null;
                    return ScoringModelLoader.describe(c) + " " + format(values.get(c))
                            + (before == null ? "" : " (was " + format(before) + ")") + ": " + e.measures().get(c);
                })
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

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static Evaluation evaluation(Map<ScoreComponent, Double> values, double weight) {
        Map<ScoreComponent, String> measures = new EnumMap<>(ScoreComponent.class);
        Map<ScoreComponent, Double> weights = new EnumMap<>(ScoreComponent.class);
        for (ScoreComponent c : values.keySet()) {
            measures.put(c, "m" + c.ordinal());
            weights.put(c, weight);
        }
        return new Evaluation(50, 1, List.of(), values, measures, weights);
    }
}
