package io.healthscore.scoring.alert;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import java.util.List;
import java.util.Optional;

/**
 * SCORE_DROP: d = score(now) - score(7 days ago); d &le; -scoreDropImminent (25) IMMINENT, else
 * d &le; -scoreDropSuspected (15) SUSPECTED.
 */
public final class ScoreDropRule implements ChurnRiskRule {

    @Override
    public Optional<RiskFinding> evaluate(RiskContext c) {
        if (c.delta7d() == null) {
            return Optional.empty();
        }
        double drop = -c.delta7d();
        Severity severity = drop >= c.model().alerts().scoreDropImminent() ? Severity.IMMINENT
                : drop >= c.model().alerts().scoreDropSuspected() ? Severity.SUSPECTED : null;
        if (severity == null) {
            return Optional.empty();
        }
        return Optional.of(new RiskFinding(AlertRule.SCORE_DROP, severity,
                List.of("score fell " + Math.round(drop * 10) / 10.0 + " points in 7 days to " + c.score())));
    }
}
