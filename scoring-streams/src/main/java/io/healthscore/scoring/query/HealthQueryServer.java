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
import java.util.Set;
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
 *   <li>{@code GET /health}, {@code /health/readiness}, {@code /health/liveness}: {@code {"status":"UP"}} (200) or
 *       DOWN (503) and nothing else, for probes; the only paths open without a token.</li>
 * </ul>
 * Every other request needs {@code Authorization: Bearer <scoring.http.token>}, checked before anything else, so
 * that strangers learn nothing, not even which paths exist: 401 with {@code WWW-Authenticate: Bearer} otherwise,
 * and always when no token is configured. A forwarded request carries the caller's Authorization header, and the
 * owner checks it again. While a rebalance leaves an answer unknown it replies 503 with Retry-After: 1. Bodies are
 * JSON; errors are RFC 9457 {@code application/problem+json}. Tokens are never logged or echoed.
 */
public final class HealthQueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthQueryServer.class);
    private static final Pattern ACCOUNT_PATH = Pattern.compile("^/accounts/([^/]{1,600})/health$");
    private static final Pattern LEVEL_COUNT = Pattern.compile("\"(LV[1-4])\":(\\d+)");
    private static final String FORWARDED = "X-Healthscore-Forwarded";
    private static final String AUTHORIZATION = "Authorization";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String PROBLEM_JSON = "application/problem+json";
    /** The only paths served without a token, for probes; every other path, known or not, needs the token. */
    static final Set<String> OPEN_PATHS = Set.of("/health", "/health/readiness", "/health/liveness");

    private final KafkaStreams streams;
    private final HostInfo self;
    private final ApiToken token;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public HealthQueryServer(KafkaStreams streams, String bindHost, HostInfo self, ApiToken token) throws IOException {
        this.streams = streams;
        this.self = self;
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(bindHost, self.port()), 0);
        // One context for every path: the routes below match whole paths, never prefixes.
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        if (!token.configured()) {
            LOG.warn("No scoring.http.token (SCORING_HTTP_TOKEN) is set: every query except /health is refused with 401");
        }
    }

    public HealthQueryServer start() {
        server.start();
        return this;
    }

    /** The address the server is bound to. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Reply(int status, String body, String contentType) {

        static Reply json(int status, String body) {
            return new Reply(status, body, JSON);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            reply = route(exchange);
        } catch (InvalidStateStoreException e) {
            reply = error(503, "state is being restored or moved; retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = error(503, "interrupted");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Query {} failed", exchange.getRequestURI().getRawPath(), e);
            reply = error(503, "query failed: " + e.getClass().getSimpleName());
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", reply.contentType());
        switch (reply.status()) {
            case 401 -> exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"healthscore\"");
            case 405 -> exchange.getResponseHeaders().add("Allow", "GET");
            case 503 -> exchange.getResponseHeaders().add("Retry-After", "1");
            default -> {
            }
        }
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Probes first (open), then the token, then the method and the path, so that strangers learn nothing. */
    private Reply route(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getRawPath();
        boolean get = "GET".equals(exchange.getRequestMethod());
        if (OPEN_PATHS.contains(path)) {
            return !get ? error(405, "only GET is supported") : status(path.equals("/health/liveness") ? alive() : ready());
        }
        if (!token.allows(exchange.getRequestHeaders().getFirst(AUTHORIZATION))) {
            return error(401, "a valid bearer token is required");
        }
        if (!get) {
            return error(405, "only GET is supported");
        }
        return switch (path) {
            case "/levels" -> levels(exchange, true);
            case "/internal/levels" -> levels(exchange, false);
            default -> path.startsWith("/accounts/") ? account(exchange)
                    : error(404, "no such resource; use /accounts/{id}/health or /levels");
        };
    }

    /** Ready when the streams are running and the account store answers on this instance. */
    private boolean ready() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        try {
            store();
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    /** Alive until the streams have stopped or failed for good. */
    private boolean alive() {
        return switch (streams.state()) {
            case CREATED, REBALANCING, RUNNING -> true;
            default -> false;
        };
    }

    private static Reply status(boolean up) {
        return Reply.json(up ? 200 : 503, up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
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
            return forward(owner.activeHost(), exchange.getRequestURI().getRawPath(), exchange);
        }
        AccountState state = store().get(accountId);
        if (state == null || !state.hasScore()) {
            return error(404, "no score for account '" + accountId + "'");
        }
        return Reply.json(200, JsonWriter.write(AccountHealthView.of(accountId, state)));
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
                Reply remote = forward(instance.hostInfo(), "/internal/levels" + (rawQuery == null ? "" : "?" + rawQuery),
                        exchange);
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
        return Reply.json(200, JsonWriter.write(body));
    }

    /** Asks another instance, with the caller's own credentials (that instance checks them again). */
    private Reply forward(HostInfo host, String pathAndQuery, HttpExchange caller) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + pathAndQuery))
                .header(FORWARDED, self.host() + ":" + self.port()).timeout(Duration.ofSeconds(5)).GET();
        String authorization = caller.getRequestHeaders().getFirst(AUTHORIZATION);
        if (authorization != null) {
            request.header(AUTHORIZATION, authorization);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(JSON));
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

    /** An RFC 9457 problem: type, title, status, detail. */
    private static Reply error(int status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", switch (status) {
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        });
        problem.put("status", status);
        problem.put("detail", detail);
        return new Reply(status, JsonWriter.write(problem), PROBLEM_JSON);
    }
}
