package io.healthscore.alert.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockoutTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final Lockout lockout = new Lockout(5, Duration.ofMinutes(15), Duration.ofMinutes(15), 3, clock);

    @Test
    void fiveFailuresWithinTheWindowLockTheUserForTheLockTime() {
        for (int i = 0; i < 4; i++) {
            lockout.failed("Ana");
        }
        assertThat(lockout.locked("ana")).isFalse();

        lockout.failed("ANA");

        assertThat(lockout.locked("ana")).isTrue();
        clock.advance(Duration.ofMinutes(14));
        assertThat(lockout.locked("ana")).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(lockout.locked("ana")).isFalse();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            lockout.failed("ana");
        }
        clock.advance(Duration.ofMinutes(16));

        lockout.failed("ana");

        assertThat(lockout.locked("ana")).isFalse();
    }

    @Test
    void aFloodOfOtherNamesNeverUnlocksALockedUser() {
        for (int i = 0; i < 5; i++) {
            lockout.failed("ana");
        }

        for (int i = 0; i < 1000; i++) {
            lockout.failed("guess-" + i);
        }

        assertThat(lockout.locked("ana")).isTrue();
        assertThat(lockout.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void aSuccessClearsTheCount() {
        for (int i = 0; i < 4; i++) {
            lockout.failed("ana");
        }
        lockout.succeeded("ana");

        lockout.failed("ana");

        assertThat(lockout.locked("ana")).isFalse();
    }
}
