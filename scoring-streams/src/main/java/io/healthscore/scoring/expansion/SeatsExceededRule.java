package io.healthscore.scoring.expansion;

import io.healthscore.avro.ExpansionKind;
import io.healthscore.scoring.model.ExpansionThresholds;
import io.healthscore.scoring.state.AccountState;
import java.util.List;
import java.util.Optional;

/**
 * SEATS_EXCEEDED: more people use the product than the account pays for. U = distinct users active on the last w
 * days, today included (w = seatsExceeded.windowDays, 7); fires when U &ge; seats + max(minExtraUsers,
 * ceil(seats &middot; margin)). Not judged without seats on the profile (none, or 0 = unknown).
 */
final class SeatsExceededRule {

    private SeatsExceededRule() {
    }

    static Optional<ExpansionFinding> evaluate(AccountState state, long today, ExpansionThresholds t) {
        Integer seats = state.seats();
        if (seats == null || seats <= 0 || !state.hasUsage()) {
            return Optional.empty();
        }
        int w = t.seatsWindowDays();
        long users = state.activeUsers().distinct(today - w + 1, today);
        // Less a hair, so that 30 seats with a margin of 0.1 ask for 3 more users, not 4 (30 * 0.1 = 3.0000000000000004).
        long extra = Math.max(t.seatsMinExtraUsers(), (long) Math.ceil(seats * t.seatsMargin() - 1e-9));
        if (users < seats + extra) {
            return Optional.empty();
        }
        long over = Math.round((users - seats) * 100.0 / seats);
        return Optional.of(new ExpansionFinding(ExpansionKind.SEATS_EXCEEDED, List.of(
                users + " users active in the last " + w + " days on " + seats + " seats (" + over + "% over)"),
                (int) Math.min(Integer.MAX_VALUE, users), null, seats, w, null, null, null));
    }
}
