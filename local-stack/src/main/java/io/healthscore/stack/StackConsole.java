package io.healthscore.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small HTTP endpoint of the running stack on loopback: {@code GET /api/status} (endpoints, start times,
 * memory), {@code GET /api/mail} (messages the SMTP catcher received) and {@code DELETE /api/mail}.
 */
final class StackConsole implements AutoCloseable {

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();

    StackConsole(String host, int port, Supplier<Map<String, Object>> status, SmtpCatcher smtp) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/api/status", exchange -> {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, Map.of("error", "use GET"));
                return;
            }
            respond(exchange, 200, status.get());
        });
        server.createContext("/api/mail", exchange -> {
            switch (exchange.getRequestMethod()) {
                case "GET" -> respond(exchange, 200, mail(smtp.messages()));
                case "DELETE" -> {
                    smtp.purge();
                    respond(exchange, 200, Map.of("purged", true));
                }
                default -> respond(exchange, 405, Map.of("error", "use GET or DELETE"));
            }
        });
        server.createContext("/", exchange -> respond(exchange, 404,
                Map.of("error", "not found", "endpoints", List.of("/api/status", "/api/mail"))));
        server.start();
    }

    private static List<Map<String, Object>> mail(List<SmtpCatcher.CaughtMail> messages) {
        return messages.stream().map(m -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("messageId", m.messageId());
            entry.put("from", m.from());
            entry.put("to", m.to());
            entry.put("subject", m.subject());
            entry.put("sentAt", m.sentAt() == null ? null : m.sentAt().toString());
            entry.put("body", m.body());
            return entry;
        }).toList();
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
