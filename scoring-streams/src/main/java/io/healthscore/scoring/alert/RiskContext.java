package io.healthscore.scoring.alert;

import io.healthscore.avro.HealthLevel;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.score.AccountClock;
import io.healthscore.scoring.state.AccountState;

/**
 * What the churn-risk rules look at: the account's state, its score and level now, the level it had before this
 * evaluation (null for its first), the 7-day delta (null without a score 7 days ago), the model and "now".
 */
public record RiskContext(AccountState state, double score, HealthLevel level, HealthLevel previousLevel,
                          Double delta7d, ScoringModel model, AccountClock clock) {
}
