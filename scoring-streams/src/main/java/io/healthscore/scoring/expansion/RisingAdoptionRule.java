package io.healthscore.scoring.expansion;

import io.healthscore.avro.ExpansionKind;
import io.healthscore.scoring.model.ExpansionThresholds;
import io.healthscore.scoring.score.AccountClock;
import io.healthscore.scoring.state.AccountState;
import java.util.List;
import java.util.Optional;

/**
 * RISING_ADOPTION: a healthy account whose use keeps growing. At risingAdoption.level (LV4) or above without a break
 * for at least sustainedDays (14), and recent &ge; (1 + minGrowth) &middot; earlier, where recent = active user-days
 * of the last w complete days [today-w, today-1] and earlier = of the w days before (w = windowDays, 14), judged
 * once earlier &ge; minUserDays and the account was seen before the earlier window began. User-days grow with new
 * users and with users coming more often, so a one-user account can show it too.
 */
final class RisingAdoptionRule {

    private RisingAdoptionRule() {
    }

    static Optional<ExpansionFinding> evaluate(AccountState state, ExpansionMemory memory, long nowMillis,
                                               ExpansionThresholds t) {
        if (!state.hasUsage() || memory.atLevelSince() == ExpansionMemory.NOT_AT_LEVEL) {
            return Optional.empty();
        }
        long daysAtLevel = (nowMillis - memory.atLevelSince()) / AccountClock.DAY_MILLIS;
        if (daysAtLevel < t.adoptionSustainedDays()) {
            return Optional.empty();
        }
        long today = AccountClock.epochDay(nowMillis);
        int w = t.adoptionWindowDays();
        long earlierFrom = today - 2L * w;
        if (AccountClock.epochDay(state.firstUsageAt()) > earlierFrom) {
            return Optional.empty();
        }
        long earlier = state.activeUsers().userDays(earlierFrom, today - w - 1);
        if (earlier < t.adoptionMinUserDays()) {
            return Optional.empty();
        }
        long recent = state.activeUsers().userDays(today - w, today - 1);
        if (recent < earlier * (1 + t.adoptionMinGrowth())) {
            return Optional.empty();
        }
        long users = state.activeUsers().distinct(today - w, today - 1);
        long earlierUsers = state.activeUsers().distinct(earlierFrom, today - w - 1);
        long growth = Math.round((recent / (double) earlier - 1) * 100);
        return Optional.of(new ExpansionFinding(ExpansionKind.RISING_ADOPTION, List.of(
                "active user-days rose " + growth + "% (" + recent + " in the last " + w + " days, " + earlier
                        + " in the " + w + " before)",
                users + " users active in the last " + w + " days, " + earlierUsers + " in the " + w + " before",
                "at " + t.adoptionLevel() + " or above for " + daysAtLevel + " days"),
                (int) users, (int) earlierUsers, knownSeats(state), w, (int) daysAtLevel, (int) recent, (int) earlier));
    }

    private static Integer knownSeats(AccountState state) {
        Integer seats = state.seats();
        return seats != null && seats > 0 ? seats : null;
    }
}
