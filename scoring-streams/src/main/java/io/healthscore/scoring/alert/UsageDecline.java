package io.healthscore.scoring.alert;

import io.healthscore.scoring.model.UsageDeclineThresholds;
import io.healthscore.scoring.score.AccountClock;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/**
 * How far an account's use fell between two windows of w complete days (w = windowDays, 14 by default, so the two
 * span 28 days): recent = active user-days of days [today-w, today-1], earlier = of [today-2w, today-w-1];
 * decline = max(0, 1 - recent / earlier). The distinct users of each window are kept to say who left. Today, not
 * yet complete, is left out, so a morning does not read as a decline. Measured only when the account was seen
 * before the earlier window began and that window had at least minUserDays user-days, so a new or tiny account
 * has no decline at all.
 */
public record UsageDecline(long recentUserDays, long earlierUserDays, long recentUsers, long earlierUsers,
                           double decline) {

    public static Optional<UsageDecline> measure(AccountState state, long today, UsageDeclineThresholds t) {
        if (!state.hasUsage()) {
            return Optional.empty();
        }
        int w = t.windowDays();
        long earlierFrom = today - 2L * w;
        if (Math.floorDiv(state.firstUsageAt(), AccountClock.DAY_MILLIS) > earlierFrom) {
            return Optional.empty();
        }
        long earlier = state.activeUsers().userDays(earlierFrom, today - w - 1);
        if (earlier < t.minUserDays()) {
            return Optional.empty();
        }
        long recent = state.activeUsers().userDays(today - w, today - 1);
        double decline = Math.max(0, 1 - recent / (double) earlier);
        return Optional.of(new UsageDecline(recent, earlier, state.activeUsers().distinct(today - w, today - 1),
                state.activeUsers().distinct(earlierFrom, today - w - 1), decline));
    }
}
