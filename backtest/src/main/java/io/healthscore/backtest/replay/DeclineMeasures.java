package io.healthscore.backtest.replay;

import io.healthscore.scoring.alert.UsageDecline;
import io.healthscore.scoring.model.UsageDeclineThresholds;
import io.healthscore.scoring.state.AccountState;
import java.util.List;

/**
 * The USAGE_DECLINE measure of an account as its state stands at a midnight, whether the rule fired or not, over the
 * model's window and the other lengths of {@link #WINDOWS}, so that the fit can try other thresholds and windows
 * without replaying again. The measure is the rule's own. Both replay engines take it the same way.
 */
final class DeclineMeasures {

    /** The window lengths the fit compares USAGE_DECLINE over, besides the model's. */
    static final List<Integer> WINDOWS = List.of(7, 10, 14);

    private final UsageDeclineThresholds model;
    private final List<UsageDeclineThresholds> others;

    DeclineMeasures(UsageDeclineThresholds model, ReplayObservations observations) {
        this.model = model;
        this.others = WINDOWS.stream().filter(w -> w != model.windowDays())
                .map(w -> new UsageDeclineThresholds(w, model.suspected(), model.imminent(), model.minUserDays()))
                .toList();
        observations.declineWindow(model.windowDays());
    }

    void measure(String account, AccountState state, long midnight, ReplayObservations observations) {
        UsageDecline.measure(state, midnight, model)
                .ifPresent(d -> observations.decline(account, midnight, d.decline()));
        for (UsageDeclineThresholds other : others) {
            UsageDecline.measure(state, midnight, other)
                    .ifPresent(d -> observations.decline(other.windowDays(), account, midnight, d.decline()));
        }
    }
}
