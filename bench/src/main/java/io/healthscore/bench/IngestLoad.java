package io.healthscore.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP load on ingest's {@code POST /v1/events}: a number of clients, each on its own keep-alive connection,
 * posting batches of feature-usage events for the benchmark's accounts. Closed loop ({@link #saturate}: each
 * client sends its next batch when the last was answered) measures the most ingest accepts; paced
 * ({@link #offer}: batches on a fixed schedule) offers a fixed load for the end-to-end phase.
 */
public final class IngestLoad {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI events;
    private final String writeKey;
    private final int accounts;
    private final int batch;
    private final String runTag;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final Map<Integer, AtomicLong> failuresByStatus = new ConcurrentHashMap<>();
    private final Latencies latencies = new Latencies(2_000_000);

    public IngestLoad(URI ingest, String writeKey, int accounts, int batch, String runTag) {
        this.events = ingest.resolve("/v1/events");
        this.writeKey = writeKey;
        this.accounts = accounts;
        this.batch = batch;
        this.runTag = runTag;
    }

    /** What a load run achieved. {@code failures} maps HTTP status (or -1 for I/O errors) to count. */
    public record Result(long acceptedEvents, long requests, double seconds, double eventsPerSecond,
                         Latencies.Percentiles requestLatencyMs, Map<Integer, Long> failures) {
    }

    /** {@code clients} closed loops for {@code duration}. */
    public Result saturate(int clients, Duration duration) {
        return run(clients, duration, 0);
    }

    /** {@code clients} paced loops together offering {@code eventsPerSecond} for {@code duration}. */
    public Result offer(int clients, int eventsPerSecond, Duration duration) {
        double requestsPerSecond = (double) eventsPerSecond / batch;
        long perClientIntervalNanos = (long) (1e9 * clients / requestsPerSecond);
        return run(clients, duration, perClientIntervalNanos);
    }

    private Result run(int clients, Duration duration, long intervalNanos) {
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "ingest-load");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            long offset = intervalNanos == 0 ? 0 : intervalNanos * c / clients;
            loops.add(pool.submit(() -> loop(client, start + offset, end, intervalNanos)));
        }
        try {
            for (Future<?> loop : loops) {
                loop.get(duration.toMillis() + REQUEST_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("ingest load failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Integer, Long> failures = new java.util.TreeMap<>();
        failuresByStatus.forEach((status, n) -> failures.put(status, n.get()));
        return new Result(accepted.get(), requests.get(), seconds, accepted.get() / seconds, latencies.summary(),
                failures);
    }

    private void loop(int client, long firstAt, long end, long intervalNanos) {
        // One client per loop: the JDK client keeps its HTTP/1.1 connection alive between requests.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        SplittableRandom random = new SplittableRandom(client * 7919L + runTag.hashCode());
        long next = firstAt;
        long seq = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            if (intervalNanos > 0) {
                if (next > now) {
                    LockSupport.parkNanos(Math.min(next - now, end - now));
                    continue;
                }
                next += intervalNanos;
            }
            String body = body(client, seq++, random);
            HttpRequest request = HttpRequest.newBuilder(events).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + writeKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long sent = System.nanoTime();
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            requests.incrementAndGet();
            if (status == 200) {
                latencies.add((System.nanoTime() - sent) / 1e6);
                accepted.addAndGet(batch);
            } else {
                failuresByStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    private String body(int client, long seq, SplittableRandom random) {
        StringBuilder b = new StringBuilder(batch * 150);
        b.append('[');
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                b.append(',');
            }
            String account = AccountIds.of(random.nextInt(accounts));
            b.append("{\"type\":\"feature_used\",\"accountId\":\"").append(account)
                    .append("\",\"userId\":\"").append(account).append("-u").append(random.nextInt(3))
                    .append("\",\"feature\":\"").append(HistoryLoader.FEATURES.get(random.nextInt(HistoryLoader.FEATURES.size())))
                    .append("\",\"messageId\":\"").append(runTag).append('-').append(client).append('-').append(seq)
                    .append('-').append(i).append("\"}");
        }
        return b.append(']').toString();
    }
}
