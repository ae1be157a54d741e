package io.healthscore.scoring.topology;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import java.util.List;
import java.util.Optional;

/** What one evaluation publishes: a score (when it moved enough), a transition (when the level changed), alerts. */
public record EvaluationOutcome(Optional<HealthScore> score, Optional<LevelTransition> transition,
                                List<ChurnRiskAlert> alerts) {

    public static final EvaluationOutcome NOTHING = new EvaluationOutcome(Optional.empty(), Optional.empty(), List.of());
}
