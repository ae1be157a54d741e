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
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
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
 * and always when no token is configured. Instances ask each other on the forwarding paths
 * {@code /internal/accounts/{id}/health} and {@code /internal/levels} with their own credential, the
 * {@link PeerToken} ({@code scoring.http.peer-token}), never with the caller's token: the forwarding paths accept
 * the peer token only, every other path refuses it, so neither token opens the other's paths and a caller's token
 * never leaves the instance it was sent to. Without a peer token an instance answers for its own accounts only
 * (503 naming the setting for the others). While a rebalance leaves an answer unknown it replies 503 with
 * Retry-After: 1. Bodies are JSON; errors are RFC 9457 {@code application/problem+json}. Tokens are never logged
 * or echoed.
 */
public final class HealthQueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthQueryServer.class);
    private static final Pattern ACCOUNT_PATH = Pattern.compile("^/accounts/([^/]{1,600})/health$");
    private static final Pattern LEVEL_COUNT = Pattern.compile("\"(LV[1-4])\":(\\d+)");
    private static final String INTERNAL = "/internal";
    private static final String AUTHORIZATION = "Authorization";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String PROBLEM_JSON = "application/problem+json";
    /** The only paths served without a token, for probes; every other path, known or not, needs the token. */
    static final Set<String> OPEN_PATHS = Set.of("/health", "/health/readiness", "/health/liveness");

    private final KafkaStreams streams;
    private final QueryRouting routing;
    private final HostInfo self;
    private final ApiToken token;
    private final PeerToken peer;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public HealthQueryServer(KafkaStreams streams, String bindHost, HostInfo self, ApiToken token, PeerToken peer)
            throws IOException {
        this(streams, QueryRouting.of(streams), bindHost, self, token, peer);
    }

    HealthQueryServer(KafkaStreams streams, QueryRouting routing, String bindHost, HostInfo self, ApiToken token,
                      PeerToken peer) throws IOException {
        this.streams = streams;
        this.routing = routing;
        this.self = self;
        this.token = token;
        this.peer = peer;
        this.server = HttpServer.create(new InetSocketAddress(bindHost, self.port()), 0);
        // One context for every path: the routes below match whole paths, never prefixes.
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        if (!token.configured()) {
            LOG.warn("No scoring.http.token (SCORING_HTTP_TOKEN) is set: every query except /health is refused with 401");
        }
        if (!peer.configured()) {
            LOG.warn("No scoring.http.peer-token (SCORING_HTTP_PEER_TOKEN) is set: this instance answers only for the "
                    + "accounts it holds, and asks no other instance");
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

    /**
     * Probes first (open), then the token, then the method and the path, so that strangers learn nothing. The
     * forwarding paths take the peer token and every other path the caller's token, never the other way round.
     */
    private Reply route(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getRawPath();
        boolean get = "GET".equals(exchange.getRequestMethod());
        if (OPEN_PATHS.contains(path)) {
            return !get ? error(405, "only GET is supported") : status(path.equals("/health/liveness") ? alive() : ready());
        }
        String authorization = exchange.getRequestHeaders().getFirst(AUTHORIZATION);
        boolean forwarded = path.startsWith(INTERNAL + "/");
        if (!(forwarded ? peer.allows(authorization) : token.allows(authorization))) {
            return error(401, "a valid bearer token is required");
        }
        if (!get) {
            return error(405, "only GET is supported");
        }
        return switch (path) {
            case "/levels" -> levels(exchange, true);
            case INTERNAL + "/levels" -> levels(exchange, false);
            default -> path.startsWith("/accounts/") ? account(path, true)
                    : path.startsWith(INTERNAL + "/accounts/") ? account(path.substring(INTERNAL.length()), false)
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

    /** An account's health from its owner: this instance, or (once, and only for a caller) the one that holds it. */
    private Reply account(String path, boolean mayForward) throws IOException, InterruptedException {
        Matcher m = ACCOUNT_PATH.matcher(path);
        if (!m.matches()) {
            return error(404, "no such resource; use /accounts/{id}/health or /levels");
        }
        String accountId = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        KeyQueryMetadata owner = routing.ownerOf(accountId);
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
            return error(503, "the owner of this account is not known yet; retry shortly");
        }
        if (!owner.activeHost().equals(self)) {
            if (!mayForward) {
                return error(503, "ownership is moving; retry shortly");
            }
            return forward(owner.activeHost(), INTERNAL + path);
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
            for (HostInfo instance : routing.instances()) {
                if (instance.equals(self)) {
                    continue;
                }
                String rawQuery = exchange.getRequestURI().getRawQuery();
                Reply remote = forward(instance, INTERNAL + "/levels" + (rawQuery == null ? "" : "?" + rawQuery));
                if (remote.status() != 200) {
                    return remote.status() == 502 || !peer.configured() ? remote
                            : error(503, "instance " + instance + " did not answer; retry shortly");
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

    /**
     * Asks another instance on a forwarding path with this instance's peer token. The caller's token stays here: it
     * was checked already, and an instance named by metadata is not one to hand a caller's credential to.
     */
    private Reply forward(HostInfo host, String pathAndQuery) throws IOException, InterruptedException {
        if (!peer.configured()) {
            return error(503, "instance " + host + " holds this answer, and this instance has no "
                    + "scoring.http.peer-token to ask it with");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + pathAndQuery))
                .header(AUTHORIZATION, peer.authorization()).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            LOG.warn("Instance {} refused this instance's peer token; scoring.http.peer-token must be the same on "
                    + "every instance", host);
            return error(502, "instance " + host + " refused this instance's peer token");
        }
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
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        });
        problem.put("status", status);
        problem.put("detail", detail);
        return new Reply(status, JsonWriter.write(problem), PROBLEM_JSON);
    }
}
