package io.healthscore.scoring.alert;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** RENEWAL_AT_RISK: 0 &le; renewalDate - today &le; renewalWindowDays (90) and level &le; renewalMaxLevel (LV2): IMMINENT. */
public final class RenewalAtRiskRule implements ChurnRiskRule {

    @Override
    public Optional<RiskFinding> evaluate(RiskContext c) {
        LocalDate renewal = c.state().renewalDate();
        if (renewal == null || c.level().ordinal() > c.model().alerts().renewalMaxLevel().ordinal()) {
            return Optional.empty();
        }
        long daysLeft = renewal.toEpochDay() - c.clock().today();
        if (daysLeft < 0 || daysLeft > c.model().alerts().renewalWindowDays()) {
            return Optional.empty();
        }
        return Optional.of(new RiskFinding(AlertRule.RENEWAL_AT_RISK, Severity.IMMINENT,
                List.of("renewal on " + renewal + " in " + daysLeft + " days at " + c.level())));
    }
}
