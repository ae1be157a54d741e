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
import java.util.Properties;

/**
 * Event time running faster than the wall clock: {@code now = origin + (wall − wallStart) × factor}, so a demo
 * or a test lives through weeks of product usage in minutes. Until the run starts it (after the services are
 * up) the clock stands at {@code origin}. Every process of a run computes the same instants: the start is
 * written to a file that the other processes' clocks read, because the pipeline's time is the
 * {@code receivedAt} that ingest stamps and the product generator must stay in step with it.
 */
public final class CompressedClock extends Clock {

    static final String ORIGIN = "healthscore.compressed-clock.origin";
    static final String FACTOR = "healthscore.compressed-clock.factor";
    static final String START_FILE = "healthscore.compressed-clock.start-file";
    private static final long CHECK_START_EVERY_MILLIS = 50;

    private final Instant origin;
    private final double factor;
    private final Path startFile;
    private volatile long wallStartMillis = -1;
    private volatile long lastCheckMillis;

    private CompressedClock(Instant origin, double factor, Path startFile) {
        if (!(factor >= 1.0)) {
            throw new IllegalArgumentException("factor must be at least 1, got " + factor);
        }
        this.origin = origin;
        this.factor = factor;
        this.startFile = startFile.toAbsolutePath();
    }

    /** A clock standing at {@code origin} until {@link #start()}, then running {@code daysPerMinute}. */
    public static CompressedClock standingAt(Instant origin, double daysPerMinute, Path startFile) {
        try {
            Files.deleteIfExists(startFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CompressedClock(origin, daysPerMinute * Duration.ofDays(1).toMinutes(), startFile);
    }

    /** The clock described by {@link #systemProperties()} in another process. */
    public static CompressedClock fromSystemProperties(Properties properties) {
        String origin = properties.getProperty(ORIGIN);
        if (origin == null) {
            throw new IllegalStateException("system property " + ORIGIN + " is not set");
        }
        return new CompressedClock(Instant.parse(origin), Double.parseDouble(properties.getProperty(FACTOR)),
                Path.of(properties.getProperty(START_FILE)));
    }

    /** The system properties that let another JVM keep the same time. */
    public Map<String, String> systemProperties() {
        return Map.of(ORIGIN, origin.toString(), FACTOR, Double.toString(factor), START_FILE, startFile.toString());
    }

    /** Starts the clock now, for every process of the run. */
    public void start() {
        long now = System.currentTimeMillis();
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

    /** Event time per wall-clock time. */
    public double factor() {
        return factor;
    }

    /** The wall-clock time that {@code eventTime} takes to pass. */
    public Duration wallTimeFor(Duration eventTime) {
        return Duration.ofNanos((long) (eventTime.toNanos() / factor));
    }

    @Override
    public Instant instant() {
        long start = startMillis();
        if (start < 0) {
            return origin;
        }
        long elapsed = Math.max(0, System.currentTimeMillis() - start);
        return origin.plusMillis((long) (elapsed * factor));
    }

    private long startMillis() {
        long start = wallStartMillis;
        if (start >= 0) {
            return start;
        }
        long now = System.currentTimeMillis();
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
