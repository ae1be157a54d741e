package io.healthscore.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The active-user table: exact per-day and multi-day counts, no aliasing of the day ring, the sketch fallback. */
class ActiveUsersTest {

    private static final int WINDOW = 35;

    @Test
    void countsStayExactOverMonthsOfDailyActivity() {
        ActiveUsers users = new ActiveUsers();
        // u0..u4 active every day for 200 days; u5 only on day 150
        for (long day = 0; day < 200; day++) {
            for (int u = 0; u < 5; u++) {
                users.add("u" + u, day, WINDOW, 500);
            }
            if (day == 150) {
                users.add("u5", day, WINDOW, 500);
            }
        }
        users.retain(199 - WINDOW + 1, 200);
        assertThat(users.onDay(199)).isEqualTo(5);
        assertThat(users.distinct(193, 199)).isEqualTo(5);
        // Day 150 left the window long ago and its ring bit was reused: it must not count again.
        assertThat(users.distinct(165, 199)).isEqualTo(5);
        assertThat(users.onDay(150)).isZero();
    }

    @Test
    void aLateEventWithinTheWindowCountsForItsDay() {
        ActiveUsers users = new ActiveUsers();
        users.add("u1", 100, WINDOW, 500);
        users.add("u2", 98, WINDOW, 500);
        assertThat(users.onDay(98)).isEqualTo(1);
        assertThat(users.distinct(94, 100)).isEqualTo(2);
    }

    @Test
    void beyondTheExactLimitCountsComeFromSketchesWithinTheirError() {
        ActiveUsers users = new ActiveUsers();
        for (int u = 0; u < 2_000; u++) {
            users.add("user-" + u, 10 + u % 7, WINDOW, 500);
        }
        assertThat(users.isSketch()).isTrue();
        assertThat(users.distinct(10, 16)).isBetween(1_800L, 2_200L);
        assertThat(users.onDay(10)).isBetween(250L, 320L);
    }
}
