package io.healthscore.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole pipeline under a fixed offered load: while {@link IngestLoad#offer} posts usage events at the
 * configured rate, probes post a failed payment for a fresh account through ingest's {@code /v1/signals}, which
 * raises exactly one PAYMENT_FAILED alert. A probe's latency runs from the moment its request is sent (so it
 * includes ingest's own answer time) to (a) the moment its alert is received by a read_committed consumer of
 * {@code churn-risk-alerts}, (b) the {@code delivered_at} of its webhook delivery row in the alert service, and (c) the
 * moment an open console inbox of its CSM, told of the alert on {@code /console/live}, has fetched itself again.
 * Probes sent during the warm-up are not counted.
 */
final class EndToEndLatency {

    private static final Duration DRAIN_AT_MOST = Duration.ofSeconds(60);

    private final URI signals;
    private final URI ingest;
    private final String writeKey;
    private final BenchOptions options;
    private final AlertWatcher watcher;
    private final String jdbcUrl;
    private final Duration warmUp;
    private final ConsumerLag scoringLag;
    private final ConsoleLiveWatcher console;

    EndToEndLatency(URI ingest, String writeKey, BenchOptions options, AlertWatcher watcher, String jdbcUrl, Duration warmUp,
                    ConsumerLag scoringLag, ConsoleLiveWatcher console) {
        this.scoringLag = scoringLag;
        this.console = console;
        this.ingest = ingest;
        this.signals = ingest.resolve("/v1/signals");
        this.writeKey = writeKey;
        this.options = options;
        this.watcher = watcher;
        this.jdbcUrl = jdbcUrl;
        this.warmUp = warmUp;
    }

    /**
     * @param console accept → an open console inbox of the probe's CSM fetched itself after hearing of the alert on its
     *                live channel (as the page's script does, at most once a second)
     */
    record Result(IngestLoad.Result load, Latencies.Percentiles alert, Latencies.Percentiles delivery,
                  Latencies.Percentiles console, int probes, int probesWithoutAlert, int probesWithoutDelivery,
                  int probesNotShown, int probesRejected, List<ProbeTiming> timings, long scoringMaxLag) {
    }

    /** One probe: when it was sent (epoch ms) and its two latencies (ms; -1 when it never arrived). */
    record ProbeTiming(String accountId, long sentMillis, long alertMs, long deliveryMs, long scoringLag) {
    }

    private record Probe(String accountId, long sentMillis, long scoringLag) {
    }

    Result run() {
        Duration total = options.e2eDuration().plus(warmUp);
        IngestLoad load = new IngestLoad(ingest, writeKey, options.accounts(), 50, "e2e");
        CompletableFuture<IngestLoad.Result> offered = CompletableFuture.supplyAsync(
                () -> load.offer(Math.max(2, options.ingestClients()), options.e2eRate(), total));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Probe> probes = new ArrayList<>();
        int rejected = 0;
        long maxLag = 0;
        long lastLagAt = 0;
        long lag = 0;
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = start + total.toNanos();
        long interval = 1_000_000_000L / options.probesPerSecond();
        long next = start;
        for (int n = 0; System.nanoTime() < end && n < 1_000_000; n++) {
            long now = System.nanoTime();
            if (next > now) {
                LockSupport.parkNanos(next - now);
            }
            next += interval;
            String account = "probe-" + n;
            String body = "{\"type\":\"payment_failed\",\"accountId\":\"" + account
                    + "\",\"amountMinor\":4900,\"currency\":\"EUR\",\"messageId\":\"probe-signal-" + n + "\"}";
            HttpRequest request = HttpRequest.newBuilder(signals).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + writeKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            boolean counted = System.nanoTime() >= measureFrom;
            long sent = System.currentTimeMillis();
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (System.nanoTime() - lastLagAt > 1_000_000_000L) {
                // Sampled about once a second: scoring's committed offsets behind the end of its inputs.
                lag = scoringLag.now();
                lastLagAt = System.nanoTime();
                if (counted) {
                    maxLag = Math.max(maxLag, lag);
                }
            }
            if (status != 200) {
                rejected++;
            } else if (counted) {
                probes.add(new Probe(account, sent, lag));
            }
        }
        IngestLoad.Result loadResult = offered.join();

        Latencies alert = new Latencies(probes.size() + 1);
        long drainDeadline = System.nanoTime() + DRAIN_AT_MOST.toNanos();
        int withoutAlert = 0;
        Map<String, Long> alertMs = new HashMap<>();
        for (Probe probe : probes) {
            Duration left = Duration.ofNanos(Math.max(0, drainDeadline - System.nanoTime()));
            var seen = watcher.await(probe.accountId(), left);
            if (seen.isPresent()) {
                alert.add(seen.get() - probe.sentMillis());
                alertMs.put(probe.accountId(), seen.get() - probe.sentMillis());
            } else {
                withoutAlert++;
            }
        }
        Latencies shown = new Latencies(probes.size() + 1);
        int notShown = 0;
        for (Probe probe : probes) {
            Duration left = Duration.ofNanos(Math.max(0, drainDeadline - System.nanoTime()));
            var at = console.visibleAt(probe.accountId(), left);
            if (at.isPresent()) {
                shown.add(at.get() - probe.sentMillis());
            } else {
                notShown++;
            }
        }
        Map<String, Long> delivered = awaitDeliveries(probes, drainDeadline);
        Latencies delivery = new Latencies(probes.size() + 1);
        int withoutDelivery = 0;
        List<ProbeTiming> timings = new ArrayList<>();
        for (Probe probe : probes) {
            Long at = delivered.get(probe.accountId());
            if (at == null) {
                withoutDelivery++;
            } else {
                delivery.add(at - probe.sentMillis());
            }
            timings.add(new ProbeTiming(probe.accountId(), probe.sentMillis(),
                    alertMs.getOrDefault(probe.accountId(), -1L), at == null ? -1 : at - probe.sentMillis(),
                    probe.scoringLag()));
        }
        return new Result(loadResult, alert.summary(), delivery.summary(), shown.summary(), probes.size(),
                withoutAlert, withoutDelivery, notShown, rejected, timings, maxLag);
    }

    /** delivered_at (epoch ms) of each probe's delivery row, waiting (bounded) until all are delivered. */
    private Map<String, Long> awaitDeliveries(List<Probe> probes, long deadlineNanos) {
        Map<String, Long> delivered = new HashMap<>();
        String[] accounts = probes.stream().map(Probe::accountId).toArray(String[]::new);
        do {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                 PreparedStatement s = c.prepareStatement("SELECT account_id, delivered_at FROM deliveries "
                         + "WHERE status = 'DELIVERED' AND account_id = ANY (?)")) {
                Array array = c.createArrayOf("text", accounts);
                s.setArray(1, array);
                s.setQueryTimeout(10);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        delivered.merge(r.getString(1), r.getTimestamp(2).getTime(), Math::min);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the alert service's deliveries: " + e.getMessage(), e);
            }
            if (delivered.size() >= probes.size()) {
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        } while (System.nanoTime() < deadlineNanos);
        return delivered;
    }
}
