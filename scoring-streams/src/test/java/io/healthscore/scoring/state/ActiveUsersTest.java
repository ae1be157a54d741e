package io.healthscore.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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

    @Test
    void theRingMaskHoldsExactlyTheDaysOfTheRange() {
        for (long from = -70; from < 140; from++) {
            for (long to = from - 2; to < from + 70; to++) {
                long expected = 0;
                for (long day = from; day <= to && day < from + 64; day++) {
                    expected |= 1L << Math.floorMod(day, 64);
                }
                assertThat(ActiveUsers.mask(from, to)).as("[%d, %d]", from, to).isEqualTo(expected);
            }
        }
    }

    @Test
    void countsAgreeWithANaiveTableUnderRandomOutOfOrderActivity() {
        Random random = new Random(20261202L);
        ActiveUsers users = new ActiveUsers();
        Map<Long, Set<String>> byDay = new HashMap<>();
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < 20_000; i++) {
            long day = 1_000 + i / 150 - random.nextInt(3);
            String user = "user-" + random.nextInt(300);
            users.add(user, day, WINDOW, 500);
            byDay.computeIfAbsent(day, d -> new HashSet<>()).add(user);
            latest = Math.max(latest, day);
            if (i % 997 == 0) {
                users.retain(latest - WINDOW + 1, latest + 1);
                long keepFrom = latest - WINDOW + 1;
                byDay.keySet().removeIf(d -> d < keepFrom);
            }
            if (i % 101 == 0) {
                long from = latest - random.nextInt(30);
                long to = Math.min(latest, from + random.nextInt(7));
                Set<String> distinct = new HashSet<>();
                long userDays = 0;
                for (long d = from; d <= to; d++) {
                    Set<String> active = byDay.getOrDefault(d, Set.of());
                    distinct.addAll(active);
                    userDays += active.size();
                }
                assertThat(users.distinct(from, to)).as("distinct [%d, %d]", from, to).isEqualTo(distinct.size());
                assertThat(users.userDays(from, to)).as("user-days [%d, %d]", from, to).isEqualTo(userDays);
                assertThat(users.distinct(new long[] {from, from - 7}, new long[] {to, to - 7}))
                        .containsExactly(distinct.size(), users.distinct(from - 7, to - 7));
            }
        }
        assertThat(users.isSketch()).isFalse();
        assertThat(users.exactSize()).isLessThanOrEqualTo(300);
    }

    @Test
    void theUserHashIsFnvOverTheUtf8BytesForAsciiAndOtherIds() {
        for (String id : new String[] {"", "u1", "user-42@example.com", "ユーザー", "müller", "a\u0000b", "😀x", "x\u007f"}) {
            long h = 0xcbf29ce484222325L;
            for (byte b : id.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
            assertThat(ActiveUsers.hash32(id)).as(id).isEqualTo((int) (h ^ (h >>> 32)));
        }
    }
}
