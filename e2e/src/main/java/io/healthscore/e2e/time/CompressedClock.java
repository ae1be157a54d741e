package io.healthscore.e2e.time;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Event time that compresses only the past: {@code now = min(origin + (wall − wallStart) × factor, wall)}. From an
 * origin in the past it runs {@code factor} times faster than the wall clock, so a demo or a test lives through
 * weeks of product usage in minutes; once it reaches the wall clock it keeps the wall clock's time, for as long
 * as the run lasts. Until the run starts it (after the services are up) the clock stands at {@code origin}.
 * <p>
 * Why it stops at the wall clock rather than running on compressed: the pipeline's time is the {@code receivedAt}
 * ingest stamps, scoring's stream time follows it, and scoring's outputs carry stream time as their record
 * timestamp. A broker refuses record timestamps more than {@code message.timestamp.after.max.ms} (one hour) ahead
 * of its own clock, so a clock that ran on past real time had every score, transition and alert refused a few
 * minutes into an open-ended demo. Stamping records with wall time and keeping the compressed time only in the
 * payload would keep the future out of Kafka as well, but only by changing what scoring's record time means for
 * every deployment, to serve a demo. The minimum of two non-decreasing functions is continuous and
 * non-decreasing, so the clock never jumps or goes back at the catch-up, and it is never ahead of the wall clock.
 * <p>
 * Every process of a run computes the same instants: the start is written to a file that the other processes'
 * clocks read, because ingest stamps the pipeline's time and the product generator must stay in step with it.
 */
public final class CompressedClock extends Clock {

    static final String ORIGIN = "healthscore.compressed-clock.origin";
    static final String FACTOR = "healthscore.compressed-clock.factor";
    static final String START_FILE = "healthscore.compressed-clock.start-file";
    private static final long CHECK_START_EVERY_MILLIS = 50;

    private final Instant origin;
    private final double factor;
    private final Path startFile;
    private final Clock wall;
    private volatile long wallStartMillis = -1;
    private volatile long lastCheckMillis;

    private CompressedClock(Instant origin, double factor, Path startFile, Clock wall) {
        if (!(factor >= 1.0)) {
            throw new IllegalArgumentException("factor must be at least 1, got " + factor);
        }
        this.origin = origin;
        this.factor = factor;
        this.startFile = startFile.toAbsolutePath();
        this.wall = wall;
    }

    /** A clock standing at {@code origin} until {@link #start()}, then running {@code daysPerMinute}. */
    public static CompressedClock standingAt(Instant origin, double daysPerMinute, Path startFile) {
        return standingAt(origin, daysPerMinute, startFile, Clock.systemUTC());
    }

    /** As {@link #standingAt(Instant, double, Path)}, reading the given wall clock (tests move it by hand). */
    static CompressedClock standingAt(Instant origin, double daysPerMinute, Path startFile, Clock wall) {
        try {
            Files.deleteIfExists(startFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CompressedClock(origin, daysPerMinute * Duration.ofDays(1).toMinutes(), startFile, wall);
    }

    /** The clock described by {@link #systemProperties()} in another process. */
    public static CompressedClock fromSystemProperties(Properties properties) {
        return fromSystemProperties(properties, Clock.systemUTC());
    }

    static CompressedClock fromSystemProperties(Properties properties, Clock wall) {
        String origin = properties.getProperty(ORIGIN);
        if (origin == null) {
            throw new IllegalStateException("system property " + ORIGIN + " is not set");
        }
        return new CompressedClock(Instant.parse(origin), Double.parseDouble(properties.getProperty(FACTOR)),
                Path.of(properties.getProperty(START_FILE)), wall);
    }

    /** The system properties that let another JVM keep the same time. */
    public Map<String, String> systemProperties() {
        return Map.of(ORIGIN, origin.toString(), FACTOR, Double.toString(factor), START_FILE, startFile.toString());
    }

    /** Starts the clock now, for every process of the run. */
    public void start() {
        long now = wall.millis();
        try {
            Path temp = startFile.resolveSibling(startFile.getFileName() + ".tmp");
            Files.writeString(temp, Long.toString(now), StandardCharsets.UTF_8);
            // Readers must never see a half-written number.
            Files.move(temp, startFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the compressed clock", e);
        }
        wallStartMillis = now;
    }

    public Instant origin() {
        return origin;
    }

    /** Event time per wall-clock time, until the clock has caught up with the wall clock (then 1). */
    public double factor() {
        return factor;
    }

    /** The wall-clock time that {@code eventTime} takes to pass while the clock is still compressed. */
    public Duration wallTimeFor(Duration eventTime) {
        return Duration.ofNanos((long) (eventTime.toNanos() / factor));
    }

    /**
     * The wall-clock instant at which the started clock reaches the wall clock:
     * {@code wallStart + (wallStart − origin) / (factor − 1)}; empty before the start, or when it never does
     * (a factor of 1 from an origin in the past).
     */
    public Optional<Instant> catchUpAt() {
        long start = startMillis();
        if (start < 0) {
            return Optional.empty();
        }
        long behind = start - origin.toEpochMilli();
        if (behind <= 0) {
            return Optional.of(Instant.ofEpochMilli(start));
        }
        if (factor == 1.0) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(start + (long) Math.ceil(behind / (factor - 1))));
    }

    /** Whether the clock has reached the wall clock: from then on it runs at real time. */
    public boolean caughtUp() {
        long start = startMillis();
        return start >= 0 && compressedMillis(start, wall.millis()) >= wall.millis();
    }

    @Override
    public Instant instant() {
        long now = wall.millis();
        long start = startMillis();
        if (start < 0) {
            return Instant.ofEpochMilli(Math.min(origin.toEpochMilli(), now));
        }
        return Instant.ofEpochMilli(Math.min(compressedMillis(start, now), now));
    }

    private long compressedMillis(long start, long now) {
        long elapsed = Math.max(0, now - start);
        return origin.toEpochMilli() + (long) (elapsed * factor);
    }

    private long startMillis() {
        long start = wallStartMillis;
        if (start >= 0) {
            return start;
        }
        long now = wall.millis();
        if (now - lastCheckMillis < CHECK_START_EVERY_MILLIS) {
            return -1;
        }
        lastCheckMillis = now;
        try {
            if (Files.exists(startFile)) {
                start = Long.parseLong(Files.readString(startFile, StandardCharsets.UTF_8).trim());
                wallStartMillis = start;
                return start;
            }
        } catch (IOException | NumberFormatException e) {
            // Not started yet (or being written); the clock keeps standing at its origin.
        }
        return -1;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("compressed time is kept in UTC");
        }
        return this;
    }
}
