package io.healthscore.scoring.alert;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import io.healthscore.scoring.model.UsageDeclineThresholds;
import java.util.List;
import java.util.Optional;

/**
 * USAGE_DECLINE: the account's active user-days fell between two windows of 14 days ({@link UsageDecline});
 * decline &ge; usageDecline.imminent (0.6) IMMINENT, else &ge; usageDecline.suspected (0.35) SUSPECTED. It warns
 * while the account is still in use, weeks before a score falls far or the account goes silent.
 */
public final class UsageDeclineRule implements ChurnRiskRule {

    @Override
    public Optional<RiskFinding> evaluate(RiskContext c) {
        UsageDeclineThresholds t = c.model().alerts().usageDecline();
        Optional<UsageDecline> measured = UsageDecline.measure(c.state(), c.clock().today(), t);
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        UsageDecline d = measured.get();
        Severity severity = d.decline() >= t.imminent() ? Severity.IMMINENT
                : d.decline() >= t.suspected() ? Severity.SUSPECTED : null;
        if (severity == null) {
            return Optional.empty();
        }
        return Optional.of(new RiskFinding(AlertRule.USAGE_DECLINE, severity, List.of(
                "active user-days fell " + Math.round(d.decline() * 100) + "% (" + d.recentUserDays() + " in the last "
                        + t.windowDays() + " days, " + d.earlierUserDays() + " in the " + t.windowDays() + " before)",
                d.recentUsers() + " users active in the last " + t.windowDays() + " days, " + d.earlierUsers()
                        + " in the " + t.windowDays() + " before")));
    }
}
