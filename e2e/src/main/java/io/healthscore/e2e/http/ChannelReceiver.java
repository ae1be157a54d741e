package io.healthscore.e2e.http;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for Slack's incoming webhooks and a CRM's webhook on 127.0.0.1: answers every POST with 200 and
 * keeps what it received, per path, so a run can count and inspect the alert service's deliveries.
 */
public final class ChannelReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String path, String idempotencyKey, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private ChannelReceiver(HttpServer server) {
        this.server = server;
    }

    public static ChannelReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            ChannelReceiver receiver = new ChannelReceiver(server);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    receiver.received.add(new Received(exchange.getRequestURI().getPath(),
                            exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the channel receiver", e);
        }
    }

    /** The URL of one channel, e.g. {@code url("/slack")}. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Every request to {@code path}, oldest first. */
    public List<Received> receivedAt(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
