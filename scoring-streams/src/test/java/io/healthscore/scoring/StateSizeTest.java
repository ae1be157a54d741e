package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.Severity;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.state.AccountStateSerde;
import io.healthscore.scoring.state.AlertMemory;
import io.healthscore.scoring.state.StateLimits;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures the serialized account state (what the store and its changelog hold per account) for realistic
 * accounts, prints the figures extrapolated to 100,000 accounts, and checks the state stays bounded.
 */
class StateSizeTest {

    private static final StateLimits LIMITS = StateLimits.defaults();
    private static final long DAY = 86_400_000L;

    @Test
    void stateStaysBoundedAndRoundTrips() {
        int small = AccountStateSerde.encode(account(3, 20)).length;
        int typical = AccountStateSerde.encode(account(20, 60)).length;
        int large = AccountStateSerde.encode(account(100, 400)).length;
        int huge = AccountStateSerde.encode(account(5_000, 20_000)).length;
        for (Map.Entry<String, Integer> e : Map.of("small (3 users/day)", small, "typical (20 users/day)", typical,
                "large (100 users/day)", large, "huge (5000 users/day, sketched)", huge).entrySet()) {
            System.out.printf("state size %-32s %7d bytes/account  %8.1f MB per 100,000 accounts%n", e.getKey(),
                    e.getValue(), e.getValue() * 100_000L / 1e6);
        }
        assertThat(typical).isLessThan(8_000);
        // The sketch caps a day at ~1 KiB whatever the number of users.
        assertThat(huge).isLessThan(40_000);
        assertThat(typical).isLessThan(3_000);
        AccountState state = account(20, 60);
        assertThat(AccountStateSerde.encode(AccountStateSerde.decode(AccountStateSerde.encode(state))))
                .isEqualTo(AccountStateSerde.encode(state));
    }

    @Test
    void distinctUsersAreExactUpToTheLimitAndEstimatedBeyondIt() {
        AccountState exact = account(100, 100);
        AccountState sketched = account(5_000, 5_000);
        long day = 20_000 + 34;
        assertThat(exact.activeUsers().onDay(day)).isEqualTo(100);
        assertThat(exact.activeUsers().isSketch()).isFalse();
        assertThat(sketched.activeUsers().isSketch()).isTrue();
        long estimate = sketched.activeUsers().onDay(day);
        // 3.3 % standard error; allow three of them.
        assertThat(estimate).isBetween(4_500L, 5_500L);
        AccountState restored = AccountStateSerde.decode(AccountStateSerde.encode(sketched));
        assertThat(restored.activeUsers().onDay(day)).isEqualTo(estimate);
        assertThat(restored.activeUsers().distinct(day - 6, day)).isEqualTo(sketched.activeUsers().distinct(day - 6, day));
    }

    /** 35 days of activity by {@code usersPerDay} distinct users among {@code population}, plus every other field. */
    private static AccountState account(int usersPerDay, int population) {
        AccountState s = new AccountState();
        long firstDay = 20_000;
        s.applyProfile(firstDay * DAY, "mid-market", CoverageModel.LOW_TOUCH, "owner@example.com",
                LocalDate.ofEpochDay(firstDay + 200), 50);
        List<String> features = List.of("reports", "dashboards", "exports");
        for (int d = 0; d < 35; d++) {
            long day = firstDay + d;
            for (int u = 0; u < usersPerDay; u++) {
                String user = "user-" + ((u * 7 + d * 13) % population) + "@customer.example";
                s.recordUsage(day, day * DAY + u, user, u % 3 == 0, features.get(u % 3), u == 0 ? "create-project" : null,
                        LIMITS);
            }
        }
        long now = (firstDay + 34) * DAY;
        s.recordNps(8, now - 3 * DAY);
        s.openTicket("TCK-10231", now - 2 * DAY, LIMITS);
        s.openTicket("TCK-10299", now - DAY, LIMITS);
        s.paymentFailed(now - 10 * DAY, LIMITS);
        Map<ScoreComponent, Double> components = new EnumMap<>(ScoreComponent.class);
        for (ScoreComponent c : ScoreComponent.values()) {
            components.put(c, 55.5);
        }
        s.published(62.3, HealthLevel.LV3, "default-1", components,
                List.of("activity 40 (was 55): 20 of 50 seats active in 7 days", "trend 70 (was 90): active users \u221230% vs 28-day baseline"), now);
        for (int d = 0; d < 10; d++) {
            s.recordDailyScore(firstDay + 25 + d, 60 + d, LIMITS);
        }
        s.rememberAlert(AlertRule.PAYMENT_FAILED, new AlertMemory(Severity.SUSPECTED, now - 10 * DAY));
        s.rememberAlert(AlertRule.SCORE_DROP, new AlertMemory(Severity.SUSPECTED, now - 3 * DAY));
        return s;
    }
}
