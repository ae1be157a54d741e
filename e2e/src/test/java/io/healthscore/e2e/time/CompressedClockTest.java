package io.healthscore.e2e.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run's clock compresses only the past: from its origin it runs {@code daysPerMinute}, and from the moment it
 * reaches the wall clock it keeps the wall clock's time, so no process of a run ever stamps a time ahead of the
 * real one (the broker refuses record timestamps more than an hour ahead). The wall clock is injected, so hours
 * past the catch-up take no time.
 */
class CompressedClockTest {

    private static final Instant WALL_START = Instant.parse("2026-12-02T09:00:00Z");
    private static final Instant ORIGIN = Instant.parse("2026-11-21T00:00:00Z");  // 11 days 9 hours before
    private static final double DAYS_PER_MINUTE = 30;

    @TempDir
    Path dir;

    private final SettableClock wall = new SettableClock(WALL_START);

    @Test
    void standsAtItsOriginUntilStarted() {
        CompressedClock clock = CompressedClock.standingAt(ORIGIN, DAYS_PER_MINUTE, dir.resolve("start"), wall);

        wall.advance(Duration.ofMinutes(5));

        assertThat(clock.instant()).isEqualTo(ORIGIN);
        assertThat(clock.caughtUp()).isFalse();
    }

    @Test
    void runsCompressedFromTheOriginBeforeItReachesTheWallClock() {
        CompressedClock clock = started();

        wall.advance(Duration.ofSeconds(10));

        assertThat(clock.instant()).isEqualTo(ORIGIN.plus(Duration.ofDays(5)));
        assertThat(clock.caughtUp()).isFalse();
    }

    @Test
    void reachesTheWallClockWhereCompressedTimeMeetsIt() {
        CompressedClock clock = started();
        // origin + (w − start) × factor = w: the wall time the origin is behind, divided by (factor − 1)
        Duration behind = Duration.between(ORIGIN, WALL_START);
        Duration toCatchUp = Duration.ofNanos((long) (behind.toNanos() / (clock.factor() - 1)));

        assertThat(clock.catchUpAt()).hasValueSatisfying(at ->
                assertThat(Duration.between(WALL_START.plus(toCatchUp), at).abs()).isLessThan(Duration.ofMillis(2)));
        wall.set(WALL_START.plus(toCatchUp).minusMillis(100));
        assertThat(clock.caughtUp()).isFalse();
        wall.set(WALL_START.plus(toCatchUp).plusMillis(100));
        assertThat(clock.caughtUp()).isTrue();
    }

    @Test
    void keepsTheWallClocksTimeOnceCaughtUpForAsLongAsItRuns() {
        CompressedClock clock = started();

        for (Duration after : new Duration[] {Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(2),
                Duration.ofDays(3)}) {
            wall.set(WALL_START.plus(after));
            assertThat(clock.instant()).as("after %s", after).isEqualTo(WALL_START.plus(after));
            assertThat(clock.caughtUp()).isTrue();
        }
    }

    @Test
    void isContinuousMonotoneAndNeverAheadOfTheWallClockAcrossTheCatchUp() {
        CompressedClock clock = started();
        Instant previous = clock.instant();

        // Every 5 ms of wall time through the first minute: the catch-up is at about 22.8 s.
        for (int step = 1; step <= 12_000; step++) {
            wall.advance(Duration.ofMillis(5));
            Instant now = clock.instant();
            assertThat(now).isAfterOrEqualTo(previous).isBeforeOrEqualTo(wall.instant());
            // One step moves at most 5 ms of compressed time: 216 s (plus rounding), never a jump.
            assertThat(Duration.between(previous, now)).isLessThanOrEqualTo(Duration.ofSeconds(217));
            previous = now;
        }
        assertThat(previous).isEqualTo(wall.instant());
    }

    @Test
    void anotherProcessOfTheRunComputesTheSameInstants() {
        CompressedClock clock = started();
        Properties properties = new Properties();
        properties.putAll(clock.systemProperties());
        CompressedClock other = CompressedClock.fromSystemProperties(properties, wall);

        for (Duration after : new Duration[] {Duration.ofSeconds(3), Duration.ofSeconds(22), Duration.ofMinutes(7)}) {
            wall.set(WALL_START.plus(after));
            assertThat(other.instant()).as("after %s", after).isEqualTo(clock.instant());
        }
    }

    @Test
    void aRealTimeClockStartedAtItsOriginFollowsTheWallClock() {
        CompressedClock clock = CompressedClock.standingAt(WALL_START, 1.0 / Duration.ofDays(1).toMinutes(),
                dir.resolve("start"), wall);
        clock.start();

        wall.advance(Duration.ofHours(5));

        assertThat(clock.instant()).isEqualTo(WALL_START.plus(Duration.ofHours(5)));
    }

    private CompressedClock started() {
        CompressedClock clock = CompressedClock.standingAt(ORIGIN, DAYS_PER_MINUTE, dir.resolve("start"), wall);
        clock.start();
        return clock;
    }

    /** A wall clock the test moves by hand. */
    private static final class SettableClock extends Clock {

        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
