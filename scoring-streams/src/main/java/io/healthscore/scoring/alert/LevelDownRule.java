package io.healthscore.scoring.alert;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import java.util.List;
import java.util.Optional;

/** LEVEL_DOWN: a downward level transition; into LV1 IMMINENT, otherwise SUSPECTED. */
public final class LevelDownRule implements ChurnRiskRule {

    @Override
    public Optional<RiskFinding> evaluate(RiskContext c) {
        if (c.previousLevel() == null || c.level().ordinal() >= c.previousLevel().ordinal()) {
            return Optional.empty();
        }
        Severity severity = c.level() == HealthLevel.LV1 ? Severity.IMMINENT : Severity.SUSPECTED;
        return Optional.of(new RiskFinding(AlertRule.LEVEL_DOWN, severity,
                List.of("level fell from " + c.previousLevel() + " to " + c.level() + " at score " + c.score())));
    }
}
