package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/**
 * PAYMENT = max(0, 100 - paymentPenalty * F), F = failed payments in the last paymentWindowDays (defaults
 * 50 points, 60 days). No payment signal ever: no data.
 */
public final class PaymentComponent implements ComponentRule {

    @Override
    public ScoreComponent component() {
        return ScoreComponent.PAYMENT;
    }

    @Override
    public Optional<ComponentValue> evaluate(AccountState state, ScoringModel model, AccountClock clock) {
        if (!state.paymentsSeen()) {
            return Optional.empty();
        }
        int window = model.components().paymentWindowDays();
        long cutoff = clock.daysAgo(window);
        long failed = state.failedPayments().stream().filter(at -> at >= cutoff).count();
        return Optional.of(new ComponentValue(100 - model.components().paymentPenalty() * failed,
                failed + " failed payment" + (failed == 1 ? "" : "s") + " in " + window + " days"));
    }
}
