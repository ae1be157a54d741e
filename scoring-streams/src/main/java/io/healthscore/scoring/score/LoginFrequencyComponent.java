package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/**
 * LOGIN_FREQUENCY = 100 * min(1, D28 / targetLoginDays), D28 = days with at least one login among the last 28
 * (default target 20 days). No usage ever: no data.
 */
public final class LoginFrequencyComponent implements ComponentRule {

    @Override
    public ScoreComponent component() {
        return ScoreComponent.LOGIN_FREQUENCY;
    }

    @Override
    public Optional<ComponentValue> evaluate(AccountState state, ScoringModel model, AccountClock clock) {
        if (!state.hasUsage()) {
            return Optional.empty();
        }
        long loginDays = state.loginDays(clock.today() - 27, clock.today());
        return Optional.of(new ComponentValue(100.0 * loginDays / model.components().targetLoginDays(),
                "logged in on " + loginDays + " of the last 28 days"));
    }
}
