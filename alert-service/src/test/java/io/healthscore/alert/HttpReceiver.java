package io.healthscore.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP receiver on 127.0.0.1 and a free port: records every POST (path, headers, body, time, status
 * answered) and answers each path with a status the test sets (200 by default).
 */
public final class HttpReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String path, Map<String, String> headers, String body, Instant at, int answered) {

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.ToIntFunction<String>> judgeByPath = new ConcurrentHashMap<>();
    private volatile long latencyNanos;
    private volatile Hold hold;

    /**
     * Holds the answer to the n-th request to a path until released: the request is received (and counted as
     * accepted) but the sender does not hear back, which is how a receiver looks to a sender killed mid-send.
     */
    public static final class Hold {
        private final String path;
        private final int nth;
        private final java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        private volatile String heldKey;

        private Hold(String path, int nth) {
            this.path = path;
            this.nth = nth;
        }

        public boolean awaitHeld(java.time.Duration timeout) throws InterruptedException {
            return held.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Idempotency key of the held request. */
        public String heldKey() {
            return heldKey;
        }

        public void release() {
            released.countDown();
        }

        void onRequest(String requestPath, String key) throws InterruptedException {
            if (requestPath.equals(path) && seen.incrementAndGet() == nth) {
                heldKey = key;
                held.countDown();
                released.await(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    public HttpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            java.util.function.ToIntFunction<String> judge = judgeByPath.get(path);
            int status = judge != null ? judge.applyAsInt(body) : statusByPath.getOrDefault(path, 200);
            received.add(new Received(path, Map.copyOf(headers), body, Instant.now(), status));
            Hold h = hold;
            if (h != null) {
                try {
                    h.onRequest(path, headers.get("idempotency-key"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (latencyNanos > 0) {
                // Simulates a receiver that takes its time to answer, so a batch of deliveries is in progress
                // long enough to be interrupted.
                java.util.concurrent.locks.LockSupport.parkNanos(latencyNanos);
            }
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException e) {
                // The sender is gone (killed while waiting for the answer); the request was received all the same.
            }
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(String path, int status) {
        statusByPath.put(path, status);
    }

    /** Answers each request to {@code path} with the status {@code judge} gives its body, as a receiver that checks what it gets. */
    public void answer(String path, java.util.function.ToIntFunction<String> judge) {
        judgeByPath.put(path, judge);
    }

    /** Holds the answer to the n-th request to {@code path} from now on (see {@link Hold}). */
    public Hold holdNth(String path, int nth) {
        Hold h = new Hold(path, nth);
        this.hold = h;
        return h;
    }

    /** Every answer takes this long from now on. */
    public void latency(java.time.Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Requests to {@code path} that were answered 2xx (the receiver accepted them). */
    public List<Received> accepted(String path) {
        return received(path).stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
