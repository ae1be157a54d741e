package io.healthscore.scoring.score;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.AccountState;
import java.util.Optional;

/**
 * ACTIVITY = 100 * min(1, U7 / seats), where U7 = distinct active users in the last 7 days (today and the 6 days
 * before). When seats are unknown: 100 * min(1, U7 / A28), A28 = mean of the distinct users of the 4 weeks in
 * the last 28 days. No usage ever, or no seats and A28 = 0: no data.
 */
public final class ActivityComponent implements ComponentRule {

    @Override
    public ScoreComponent component() {
        return ScoreComponent.ACTIVITY;
    }

    @Override
    public Optional<ComponentValue> evaluate(AccountState state, ScoringModel model, AccountClock clock) {
        if (!state.hasUsage()) {
            return Optional.empty();
        }
        if (state.seats() != null) {
            long users7 = distinctUsers(state, clock.today() - 6, clock.today());
            return Optional.of(new ComponentValue(100.0 * users7 / state.seats(),
                    users7 + " of " + state.seats() + " seats active in 7 days"));
        }
        // The four weeks of the 28 days, counted in one pass; the latest of them is U7.
        long[] from = new long[4];
        long[] to = new long[4];
        for (int week = 0; week < 4; week++) {
            to[week] = clock.today() - 7L * week;
            from[week] = to[week] - 6;
        }
        long[] perWeek = state.activeUsers().distinct(from, to);
        long users7 = perWeek[0];
        double weekly = 0;
        for (int week = 0; week < 4; week++) {
            weekly += perWeek[week];
        }
        weekly /= 4;
        if (weekly == 0) {
            return Optional.empty();
        }
        return Optional.of(new ComponentValue(100.0 * users7 / weekly,
                users7 + " active users in 7 days vs a 28-day weekly average of " + oneDecimal(weekly)));
    }

    /**
     * {@code x} rounded to one decimal, written as {@code Double.toString(Math.round(x * 10) / 10.0)} writes it, without
     * the cost of shortest-decimal formatting on every evaluation (below 10^7, where that switches to E notation).
     */
    static String oneDecimal(double x) {
        long tenths = Math.round(x * 10);
        if (tenths < 0 || tenths >= 100_000_000L) {
            return Double.toString(tenths / 10.0);
        }
        return (tenths / 10) + "." + (tenths % 10);
    }

    static long distinctUsers(AccountState state, long fromDay, long toDay) {
        return state.activeUsers().distinct(fromDay, toDay);
    }
}
