package io.healthscore.scoring.alert;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import io.healthscore.scoring.score.AccountClock;
import java.util.List;
import java.util.Optional;

/**
 * INACTIVITY: n = whole days since the last login (or since the first usage event when no login was ever seen);
 * n &ge; inactivityImminentDays (30) IMMINENT, else n &ge; inactivitySuspectedDays (14) SUSPECTED.
 */
public final class InactivityRule implements ChurnRiskRule {

    @Override
    public Optional<RiskFinding> evaluate(RiskContext c) {
        if (!c.state().hasUsage()) {
            return Optional.empty();
        }
        long since = c.state().lastLoginAt() != Long.MIN_VALUE ? c.state().lastLoginAt() : c.state().firstUsageAt();
        long days = (c.clock().nowMillis() - since) / AccountClock.DAY_MILLIS;
        Severity severity = days >= c.model().alerts().inactivityImminentDays() ? Severity.IMMINENT
                : days >= c.model().alerts().inactivitySuspectedDays() ? Severity.SUSPECTED : null;
        if (severity == null) {
            return Optional.empty();
        }
        return Optional.of(new RiskFinding(AlertRule.INACTIVITY, severity, List.of("no login for " + days + " days")));
    }
}
