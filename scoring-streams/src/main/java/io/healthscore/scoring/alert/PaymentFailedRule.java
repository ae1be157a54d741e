package io.healthscore.scoring.alert;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import java.util.List;
import java.util.Optional;

/** PAYMENT_FAILED: at least one failed payment in the last paymentRecentDays (7): SUSPECTED. */
public final class PaymentFailedRule implements ChurnRiskRule {

    @Override
    public Optional<RiskFinding> evaluate(RiskContext c) {
        long cutoff = c.clock().daysAgo(c.model().alerts().paymentRecentDays());
        long recent = c.state().failedPayments().stream().filter(at -> at >= cutoff).count();
        if (recent == 0) {
            return Optional.empty();
        }
        return Optional.of(new RiskFinding(AlertRule.PAYMENT_FAILED, Severity.SUSPECTED,
                List.of(recent + " failed payment" + (recent == 1 ? "" : "s") + " in "
                        + c.model().alerts().paymentRecentDays() + " days")));
    }
}
