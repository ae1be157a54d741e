package io.healthscore.chaos.receiver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The alert service's Slack and webhook receivers on 127.0.0.1: every POST is kept as a {@link Receipt} with its
 * {@code Idempotency-Key} and the status it was answered with. A channel (the first path segment, {@code slack}
 * or {@code crm}) can be taken down: while down it answers 503, as a receiver in trouble does, and the receipt
 * records the refusal. Receipts are raw: a message that arrives twice is kept twice.
 */
public final class ChaosReceiver implements AutoCloseable {

    /** One request as received: its channel, idempotency key, answer and time. */
    public record Receipt(String channel, String idempotencyKey, int status, Instant at) {
        public boolean accepted() {
            return status / 100 == 2;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> new Thread(r, "chaos-receiver"));
    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    private ChaosReceiver(HttpServer server) {
        this.server = server;
    }

    public static ChaosReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            ChaosReceiver receiver = new ChaosReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the chaos receiver", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        String channel = channelOf(exchange.getRequestURI().getPath());
        int status = down.contains(channel) ? 503 : 200;
        receipts.add(new Receipt(channel, exchange.getRequestHeaders().getFirst("Idempotency-Key"), status, Instant.now()));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static String channelOf(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }

    /** The URL of a channel, with an optional path below it (a Slack webhook's secret path, say). */
    public URI url(String channel, String subPath) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + channel + subPath);
    }

    /** From now on the channel answers 503. */
    public void takeDown(String channel) {
        down.add(channel);
    }

    /** From now on the channel answers 200 again. */
    public void bringUp(String channel) {
        down.remove(channel);
    }

    /** Every request received so far, oldest first. */
    public List<Receipt> receipts() {
        return List.copyOf(receipts);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
