package io.healthscore.ingest.fuzz;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The knobs of a fuzz run, from system properties (Maven passes {@code -D} options to the test JVM):
 * {@code fuzz.cases} (how many), {@code fuzz.seed} (a number, or {@code random} for a fresh one, which is
 * printed), {@code fuzz.from} (the first case index, to replay one case: {@code -Dfuzz.from=4711 -Dfuzz.cases=1})
 * {@code fuzz.timeout} (per request, ISO-8601, default PT10S) and {@code fuzz.trace} (log every case and its answer).
 */
public record FuzzSettings(long seed, int from, int cases, Duration timeout, boolean trace) {

    /** The seed of every build unless {@code fuzz.seed} says otherwise, so CI runs are reproducible. */
    public static final long DEFAULT_SEED = 20_261_123L;

    public static FuzzSettings fromSystemProperties(int defaultCases) {
        return fromSystemProperties("fuzz.cases", defaultCases);
    }

    /** With the number of cases under another key (the broker-backed run has its own, smaller default). */
    public static FuzzSettings fromSystemProperties(String casesKey, int defaultCases) {
        String seedText = System.getProperty("fuzz.seed", Long.toString(DEFAULT_SEED)).trim();
        long seed = seedText.equalsIgnoreCase("random") ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seedText);
        int from = Integer.parseInt(System.getProperty("fuzz.from", "0").trim());
        int cases = Integer.parseInt(System.getProperty(casesKey, Integer.toString(defaultCases)).trim());
        Duration timeout = Duration.parse(System.getProperty("fuzz.timeout", "PT10S").trim());
        if (cases < 1 || from < 0) {
            throw new IllegalArgumentException("fuzz.cases must be at least 1 and fuzz.from at least 0");
        }
        return new FuzzSettings(seed, from, cases, timeout, Boolean.getBoolean("fuzz.trace"));
    }
}
