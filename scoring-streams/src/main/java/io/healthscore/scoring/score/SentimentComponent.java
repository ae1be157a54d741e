package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ComponentParameters;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/**
 * SENTIMENT = promoterScore (NPS 9-10), passiveScore (7-8) or detractorScore (0-6) of the latest NPS answer
 * (defaults 100 / 60 / 10). No answer within npsMaxAgeDays (default 180): no data.
 */
public final class SentimentComponent implements ComponentRule {

    @Override
    public ScoreComponent component() {
        return ScoreComponent.SENTIMENT;
    }

    @Override
    public Optional<ComponentValue> evaluate(AccountState state, ScoringModel model, AccountClock clock) {
        ComponentParameters p = model.components();
        if (!state.hasNps() || state.npsAt() < clock.daysAgo(p.npsMaxAgeDays())) {
            return Optional.empty();
        }
        int nps = state.npsScore();
        if (nps >= 9) {
            return Optional.of(new ComponentValue(p.promoterScore(), "latest NPS " + nps + " (promoter)"));
        }
        if (nps >= 7) {
            return Optional.of(new ComponentValue(p.passiveScore(), "latest NPS " + nps + " (passive)"));
        }
        return Optional.of(new ComponentValue(p.detractorScore(), "latest NPS " + nps + " (detractor)"));
    }
}
