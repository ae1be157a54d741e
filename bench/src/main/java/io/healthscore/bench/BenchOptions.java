package io.healthscore.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The sizes of one benchmark run. {@link #quick()} finishes in a few minutes; {@link #full()} is the run whose
 * figures the README reports. Every phase is bounded both in count and in time.
 *
 * @param rawEvents        records the raw producer writes and the raw consumer reads
 * @param ingestDuration   how long the ingest load runs (closed loop, as fast as the service answers)
 * @param ingestClients    concurrent HTTP clients (each one keep-alive connection)
 * @param ingestBatch      events per ingest request
 * @param accounts         accounts whose history is loaded for the scoring and scale phases
 * @param historyEvents    usage events per account in its loaded history (spread over the last 28 days)
 * @param e2eRate          offered load of the end-to-end phase, events per second
 * @param e2eDuration      how long the end-to-end phase offers that load
 * @param probesPerSecond  latency probes (a failed payment of a fresh account, which raises one alert)
 * @param phaseTimeout     the bound of each waiting step (catch-up, restore, drain)
 */
public record BenchOptions(long rawEvents, Duration ingestDuration, int ingestClients, int ingestBatch,
                           int accounts, int historyEvents, int e2eRate, Duration e2eDuration, int probesPerSecond,
                           Duration phaseTimeout, Path out, long seed) {

    public static final int MAX_ACCOUNTS = 5_000_000;

    public BenchOptions {
        require(rawEvents >= 1_000 && rawEvents <= 50_000_000, "raw events", rawEvents);
        require(ingestClients >= 1 && ingestClients <= 64, "--clients", ingestClients);
        require(ingestBatch >= 1 && ingestBatch <= 1_000, "--batch", ingestBatch);
        require(accounts >= 100 && accounts <= MAX_ACCOUNTS, "--accounts", accounts);
        require(historyEvents >= 1 && historyEvents <= 200, "history events", historyEvents);
        require(e2eRate >= 10 && e2eRate <= 100_000, "--rate", e2eRate);
        require(probesPerSecond >= 1 && probesPerSecond <= 100, "probes per second", probesPerSecond);
        requirePositive(ingestDuration, "ingest duration");
        requirePositive(e2eDuration, "--e2e-duration");
        requirePositive(phaseTimeout, "phase timeout");
    }

    /** A few minutes on two cores: 10,000 accounts, short phases. */
    public static BenchOptions quick(Path out) {
        return new BenchOptions(300_000, Duration.ofSeconds(15), 16, 100, 10_000, 12, 5_000,
                Duration.ofSeconds(20), 5, Duration.ofMinutes(3), out, 42);
    }

    /** The reported run: 100,000 accounts by default, longer phases. */
    public static BenchOptions full(Path out) {
        return new BenchOptions(2_000_000, Duration.ofSeconds(45), 16, 100, 100_000, 12, 5_000,
                Duration.ofSeconds(60), 5, Duration.ofMinutes(30), out, 42);
    }

    public long historyTotal() {
        return (long) accounts * historyEvents;
    }

    public BenchOptions withAccounts(int n) {
        return new BenchOptions(rawEvents, ingestDuration, ingestClients, ingestBatch, n, historyEvents, e2eRate,
                e2eDuration, probesPerSecond, phaseTimeout, out, seed);
    }

    public BenchOptions withClients(int n) {
        return new BenchOptions(rawEvents, ingestDuration, n, ingestBatch, accounts, historyEvents, e2eRate,
                e2eDuration, probesPerSecond, phaseTimeout, out, seed);
    }

    public BenchOptions withBatch(int n) {
        return new BenchOptions(rawEvents, ingestDuration, ingestClients, n, accounts, historyEvents, e2eRate,
                e2eDuration, probesPerSecond, phaseTimeout, out, seed);
    }

    public BenchOptions withRate(int eventsPerSecond) {
        return new BenchOptions(rawEvents, ingestDuration, ingestClients, ingestBatch, accounts, historyEvents,
                eventsPerSecond, e2eDuration, probesPerSecond, phaseTimeout, out, seed);
    }

    public BenchOptions withE2eDuration(Duration d) {
        return new BenchOptions(rawEvents, ingestDuration, ingestClients, ingestBatch, accounts, historyEvents,
                e2eRate, d, probesPerSecond, phaseTimeout, out, seed);
    }

    public BenchOptions withSeed(long s) {
        return new BenchOptions(rawEvents, ingestDuration, ingestClients, ingestBatch, accounts, historyEvents,
                e2eRate, e2eDuration, probesPerSecond, phaseTimeout, out, s);
    }

    private static void require(boolean ok, String what, long value) {
        if (!ok) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
