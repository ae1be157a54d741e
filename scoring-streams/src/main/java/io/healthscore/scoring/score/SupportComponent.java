package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/**
 * SUPPORT = max(0, 100 - ticketPenalty * T), T = HIGH or URGENT tickets opened in the last ticketWindowDays and
 * not closed (defaults 25 points, 30 days). No ticket signal ever: no data.
 */
public final class SupportComponent implements ComponentRule {

    @Override
    public ScoreComponent component() {
        return ScoreComponent.SUPPORT;
    }

    @Override
    public Optional<ComponentValue> evaluate(AccountState state, ScoringModel model, AccountClock clock) {
        if (!state.ticketsSeen()) {
            return Optional.empty();
        }
        int window = model.components().ticketWindowDays();
        long cutoff = clock.daysAgo(window);
        long open = state.openTickets().values().stream().filter(at -> at >= cutoff).count();
        return Optional.of(new ComponentValue(100 - model.components().ticketPenalty() * open,
                open + " open high-priority ticket" + (open == 1 ? "" : "s") + " in " + window + " days"));
    }
}
