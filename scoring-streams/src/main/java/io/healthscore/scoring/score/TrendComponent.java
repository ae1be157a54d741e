package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/**
 * TREND = 100 * min(1, R7 / B), R7 = active user-days (sum of each day's distinct users) in the last 7 days,
 * B = the weekly average of active user-days over the 28 days before those 7 (days -34..-7), prorated when the
 * account is younger. Fewer than 7 days of baseline, or B = 0: no data. So a steady or growing account scores
 * 100 and one at half its usual activity scores 50.
 */
public final class TrendComponent implements ComponentRule {

    @Override
    public ScoreComponent component() {
        return ScoreComponent.TREND;
    }

    @Override
    public Optional<ComponentValue> evaluate(AccountState state, ScoringModel model, AccountClock clock) {
        if (!state.hasUsage()) {
            return Optional.empty();
        }
        long today = clock.today();
        long baselineEnd = today - 7;
        long baselineStart = Math.max(today - 34, AccountClock.epochDay(state.firstUsageAt()));
        long coveredDays = baselineEnd - baselineStart + 1;
        if (coveredDays < 7) {
            return Optional.empty();
        }
        double baseline = userDays(state, baselineStart, baselineEnd) * 7.0 / coveredDays;
        if (baseline == 0) {
            return Optional.empty();
        }
        long recent = userDays(state, today - 6, today);
        long change = Math.round(100.0 * (recent - baseline) / baseline);
        return Optional.of(new ComponentValue(100.0 * recent / baseline,
                "active users " + (change >= 0 ? "+" : "\u2212") + Math.abs(change) + "% vs 28-day baseline"));
    }

    /** The sum over the days of each day's distinct users (ActiveUsers.userDays is that sum, in one pass). */
    private static long userDays(AccountState state, long fromDay, long toDay) {
        return state.activeUsers().userDays(fromDay, toDay);
    }
}
