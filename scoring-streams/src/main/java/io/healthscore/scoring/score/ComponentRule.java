package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/** One score component: its value 0..100 for an account now, or empty when the account has no data for it. */
public interface ComponentRule {

    ScoreComponent component();

    Optional<ComponentValue> evaluate(AccountState state, ScoringModel model, AccountClock clock);
}
