package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/**
 * FEATURE_ADOPTION = 100 * K28 / K, K28 = distinct key features used in the last 28 days, K = number of key
 * features in the model. No key features configured or no usage ever: no data.
 */
public final class FeatureAdoptionComponent implements ComponentRule {

    @Override
    public ScoreComponent component() {
        return ScoreComponent.FEATURE_ADOPTION;
    }

    @Override
    public Optional<ComponentValue> evaluate(AccountState state, ScoringModel model, AccountClock clock) {
        if (model.keyFeatures().isEmpty() || !state.hasUsage()) {
            return Optional.empty();
        }
        // The key features among those used in the window.
        int used = state.keyFeaturesUsed(clock.today() - 27, clock.today(), model.keyFeatures());
        return Optional.of(new ComponentValue(100.0 * used / model.keyFeatures().size(),
                used + " of " + model.keyFeatures().size() + " key features used in 28 days"));
    }
}
