package io.healthscore.scoring.alert;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import java.util.List;
import java.util.Optional;

/** DETRACTOR_NPS: latest NPS &le; detractorMaxNps (6), answered in the last detractorRecentDays (7): SUSPECTED. */
public final class DetractorNpsRule implements ChurnRiskRule {

    @Override
    public Optional<RiskFinding> evaluate(RiskContext c) {
        var state = c.state();
        if (!state.hasNps() || state.npsScore() > c.model().alerts().detractorMaxNps()
                || state.npsAt() < c.clock().daysAgo(c.model().alerts().detractorRecentDays())) {
            return Optional.empty();
        }
        return Optional.of(new RiskFinding(AlertRule.DETRACTOR_NPS, Severity.SUSPECTED,
                List.of("NPS answer " + state.npsScore() + " (detractor)")));
    }
}
