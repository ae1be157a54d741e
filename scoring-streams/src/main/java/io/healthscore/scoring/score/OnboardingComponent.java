package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/**
 * ONBOARDING = 100 * S / R, S = required onboarding steps ever completed, R = required steps in the model.
 * Steps stay completed (they are not windowed). No required steps or no usage ever: no data.
 */
public final class OnboardingComponent implements ComponentRule {

    @Override
    public ScoreComponent component() {
        return ScoreComponent.ONBOARDING;
    }

    @Override
    public Optional<ComponentValue> evaluate(AccountState state, ScoringModel model, AccountClock clock) {
        if (model.requiredOnboardingSteps().isEmpty() || !state.hasUsage()) {
            return Optional.empty();
        }
        long done = 0;
        for (String step : model.requiredOnboardingSteps()) {
            if (state.onboardingSteps().contains(step)) {
                done++;
            }
        }
        int required = model.requiredOnboardingSteps().size();
        return Optional.of(new ComponentValue(100.0 * done / required,
                done + " of " + required + " onboarding steps completed"));
    }
}
