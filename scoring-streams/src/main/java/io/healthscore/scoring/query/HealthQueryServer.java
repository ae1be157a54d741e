package io.healthscore.scoring.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.topology.ScoringTopology;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only HTTP queries over the account store, correct with several instances:
 * <ul>
 *   <li>{@code GET /accounts/{id}/health}: served from the local store when this instance owns the account (by
 *       Streams metadata), else forwarded once to the owner. 404 for an unknown account.</li>
 *   <li>{@code GET /levels[?segment=..][&csm=..]}: accounts per level, this instance's plus every other
 *       instance's ({@code /internal/levels}).</li>
 * </ul>
 * While a rebalance leaves an answer unknown it replies 503 with Retry-After: 1. Bodies are JSON.
 */
public final class HealthQueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthQueryServer.class);
    private static final Pattern ACCOUNT_PATH = Pattern.compile("^/accounts/([^/]{1,600})/health$");
    private static final Pattern LEVEL_COUNT = Pattern.compile("\"(LV[1-4])\":(\\d+)");
    private static final String FORWARDED = "X-Healthscore-Forwarded";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public HealthQueryServer(KafkaStreams streams, String bindHost, HostInfo self) throws IOException {
        this.streams = streams;
        this.self = self;
        this.server = HttpServer.create(new InetSocketAddress(bindHost, self.port()), 0);
        server.createContext("/accounts/", exchange -> handle(exchange, this::account));
        server.createContext("/levels", exchange -> handle(exchange, e -> levels(e, true)));
        server.createContext("/internal/levels", exchange -> handle(exchange, e -> levels(e, false)));
        server.setExecutor(executor);
    }

    public HealthQueryServer start() {
        server.start();
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Route {
        Reply serve(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private record Reply(int status, String body) {
    }

    private void handle(HttpExchange exchange, Route route) throws IOException {
        Reply reply;
        try {
            reply = "GET".equals(exchange.getRequestMethod()) ? route.serve(exchange)
                    : error(405, "only GET is supported");
        } catch (InvalidStateStoreException e) {
            reply = error(503, "state is being restored or moved; retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = error(503, "interrupted");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Query {} failed", exchange.getRequestURI(), e);
            reply = error(503, "query failed: " + e.getMessage());
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        if (reply.status() == 503) {
            exchange.getResponseHeaders().add("Retry-After", "1");
        }
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply account(HttpExchange exchange) throws IOException, InterruptedException {
        Matcher m = ACCOUNT_PATH.matcher(exchange.getRequestURI().getRawPath());
        if (!m.matches()) {
            return error(404, "no such resource; use /accounts/{id}/health or /levels");
        }
        String accountId = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        KeyQueryMetadata owner = streams.queryMetadataForKey(ScoringTopology.ACCOUNT_STORE, accountId,
                Serdes.String().serializer());
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
            return error(503, "the owner of this account is not known yet; retry shortly");
        }
        if (!owner.activeHost().equals(self)) {
            if (exchange.getRequestHeaders().containsKey(FORWARDED)) {
                return error(503, "ownership is moving; retry shortly");
            }
            return forward(owner.activeHost(), exchange.getRequestURI().getRawPath());
        }
        AccountState state = store().get(accountId);
        if (state == null || !state.hasScore()) {
            return error(404, "no score for account '" + accountId + "'");
        }
        return new Reply(200, JsonWriter.write(AccountHealthView.of(accountId, state)));
    }

    private Reply levels(HttpExchange exchange, boolean fanOut) throws IOException, InterruptedException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        LevelCounts counts = new LevelCounts(query.get("segment"), query.get("csm"));
        try (KeyValueIterator<String, AccountState> all = store().all()) {
            all.forEachRemaining(entry -> counts.count(entry.value));
        }
        if (fanOut) {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                if (instance.hostInfo().equals(self)) {
                    continue;
                }
                String rawQuery = exchange.getRequestURI().getRawQuery();
                Reply remote = forward(instance.hostInfo(), "/internal/levels" + (rawQuery == null ? "" : "?" + rawQuery));
                if (remote.status() != 200) {
                    return error(503, "instance " + instance.hostInfo() + " did not answer; retry shortly");
                }
                Map<String, Long> other = new LinkedHashMap<>();
                Matcher m = LEVEL_COUNT.matcher(remote.body());
                while (m.find()) {
                    other.put(m.group(1), Long.parseLong(m.group(2)));
                }
                counts.add(other);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("segment", query.get("segment"));
        body.put("csm", query.get("csm"));
        body.put("levels", counts.asMap());
        return new Reply(200, JsonWriter.write(body));
    }

    private Reply forward(HostInfo host, String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .header(FORWARDED, self.host() + ":" + self.port()).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    private ReadOnlyKeyValueStore<String, AccountState> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(ScoringTopology.ACCOUNT_STORE,
                QueryableStoreTypes.<String, AccountState>keyValueStore()));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&", 20)) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private static Reply error(int status, String message) {
        return new Reply(status, JsonWriter.write(Map.of("error", message)));
    }
}
