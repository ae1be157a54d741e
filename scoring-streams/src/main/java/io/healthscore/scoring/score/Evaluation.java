package io.healthscore.scoring.score;

import io.healthscore.avro.ComponentScore;
import io.healthscore.avro.ScoreComponent;
import java.util.List;
import java.util.Map;

/**
 * One account's score now: the weighted mean of the components with data (rounded to 0.1), the share of the
 * model's weight that had data ({@code dataCoverage}, 0..1), every component (value null when it had no data)
 * and the values of those with data.
 */
public record Evaluation(double score, double dataCoverage, List<ComponentScore> components,
                         Map<ScoreComponent, Double> values, Map<ScoreComponent, String> measures,
                         Map<ScoreComponent, Double> weights) {
}
