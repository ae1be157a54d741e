package io.healthscore.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.healthscore.scoring.app.ScoringFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The query API as the service serves it, without a broker: the streams are built but not started, and every
 * account is held by a stand-in "other instance" that records what it was sent. Only the probes and the metrics
 * are open; every other path, known or not, needs the right token before anything else is looked at; a forwarded
 * query carries the peer token, never the caller's.
 */
class QueryApiTest {

    static final String ENVIRONMENT = "query-api-test";
    private static final String CALLER_TOKEN = "caller-token-0123456789";
    private static final String PEER_TOKEN = "peer-token-9876543210";

    /** Where the stand-in routing says every account lives. */
    static volatile HostInfo owner = new HostInfo("127.0.0.1", 1);

    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> peerReceivedHeaders = new CopyOnWriteArrayList<>();
    private final List<String> peerReceivedPaths = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void onlyTheProbesAndTheMetricsAreOpen() throws Exception {
        EmbeddedServer server = start(PEER_TOKEN);

        assertThat(get(server, "/health/liveness", null).statusCode()).isEqualTo(200);
        // Not running: not ready, and saying so without a token.
        assertThat(get(server, "/health/readiness", null).statusCode()).isEqualTo(503);
        HttpResponse<String> metrics = get(server, "/prometheus", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("kafka_stream_client_state{").contains("jvm_memory_used_bytes");
    }

    @Test
    void everyOtherPathKnownOrNotIsRefusedWithoutTheQueryToken() throws Exception {
        EmbeddedServer server = start(PEER_TOKEN);

        for (String path : List.of("/levels", "/accounts/acme/health", "/no-such-path", "/internal/levels",
                "/internal/accounts/acme/health", "/routes", "/beans", "/health/../levels", "/LEVELS", "/health;/levels",
                "/levels/", "/prometheus/../levels")) {
            for (String authorization : new String[] {null, "Bearer wrong", "Basic " + CALLER_TOKEN, "Bearer"}) {
                HttpResponse<String> answer = get(server, path, authorization);
                assertThat(answer.statusCode()).as("%s with %s", path, authorization).isEqualTo(401);
                assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"healthscore\"");
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            }
        }
        assertThat(send(server, "DELETE", "/levels", null).statusCode()).isEqualTo(401);
    }

    @Test
    void neitherTokenOpensTheOthersPaths() throws Exception {
        EmbeddedServer server = start(PEER_TOKEN);

        assertThat(get(server, "/internal/levels", "Bearer " + CALLER_TOKEN).statusCode()).isEqualTo(401);
        assertThat(get(server, "/internal/accounts/acme/health", "Bearer " + CALLER_TOKEN).statusCode()).isEqualTo(401);
        assertThat(get(server, "/levels", "Bearer " + PEER_TOKEN).statusCode()).isEqualTo(401);
        assertThat(get(server, "/accounts/acme/health", "Bearer " + PEER_TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void aForwardedQueryCarriesThePeerTokenAndNotTheCallersToken() throws Exception {
        // Given account acme is held by another instance
        owner = otherInstance(200, "{\"accountId\":\"acme\",\"score\":71.0}");
        EmbeddedServer server = start(PEER_TOKEN);

        // When a caller asks this instance with the caller's token
        HttpResponse<String> answer = get(server, "/accounts/acme/health", "Bearer " + CALLER_TOKEN);

        // Then the other instance was asked once, on the forwarding path, with the peer token only
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"accountId\":\"acme\",\"score\":71.0}");
        assertThat(peerReceivedPaths).containsExactly("/internal/accounts/acme/health");
        assertThat(peerReceivedHeaders).singleElement().satisfies(headers -> {
            assertThat(headers.get("Authorization")).containsExactly("Bearer " + PEER_TOKEN);
            assertThat(headers.toString()).doesNotContain(CALLER_TOKEN);
        });
    }

    @Test
    void anAccountIdWithReservedCharactersReachesTheOwnerEncoded() throws Exception {
        owner = otherInstance(200, "{}");
        EmbeddedServer server = start(PEER_TOKEN);

        HttpResponse<String> answer = get(server, "/accounts/acme%20corp%3Fx%3D1/health", "Bearer " + CALLER_TOKEN);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(peerReceivedPaths).containsExactly("/internal/accounts/acme%20corp%3Fx%3D1/health");
    }

    @Test
    void withoutAPeerTokenAQueryForAnotherInstancesAccountIsNotForwarded() throws Exception {
        owner = otherInstance(200, "{}");
        EmbeddedServer server = start("");

        HttpResponse<String> answer = get(server, "/accounts/acme/health", "Bearer " + CALLER_TOKEN);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answer.body()).contains("scoring.http.peer-token").doesNotContain(CALLER_TOKEN);
        assertThat(peerReceivedPaths).isEmpty();
    }

    @Test
    void anInstanceThatRefusesThePeerTokenGivesTheCallerABadGatewayAndNotA401() throws Exception {
        owner = otherInstance(401, "{\"status\":401}");
        EmbeddedServer server = start(PEER_TOKEN);

        HttpResponse<String> answer = get(server, "/accounts/acme/health", "Bearer " + CALLER_TOKEN);

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(answer.body()).contains("refused this instance's peer token").doesNotContain(PEER_TOKEN);
    }

    @Test
    void aPeerTokenEqualToTheQueryTokenStopsStartUp() {
        assertThatThrownBy(() -> start(" " + CALLER_TOKEN + " "))
                .rootCause().hasMessageContaining("scoring.http.peer-token must differ from scoring.http.token");
    }

    @Test
    void requestsAreCountedByRouteStatusAndToken() throws Exception {
        owner = otherInstance(200, "{}");
        EmbeddedServer server = start(PEER_TOKEN);
        get(server, "/accounts/acme/health", "Bearer " + CALLER_TOKEN);
        get(server, "/nowhere", null);

        String metrics = get(server, "/prometheus", null).body();

        assertThat(metrics).contains("scoring_http_requests_total{route=\"/accounts/{accountId}/health\",source=\"query\","
                + "status=\"200\"}").contains("scoring_http_requests_total{route=\"unrouted\",source=\"unknown\","
                + "status=\"401\"}");
    }

    private EmbeddedServer start(String peerToken) throws IOException {
        Path stateDir = Files.createTempDirectory("query-api-test");
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", freePort());
        properties.put("scoring.http.token", CALLER_TOKEN);
        properties.put("scoring.http.peer-token", peerToken);
        properties.put("kafka.bootstrap.servers", "127.0.0.1:1");
        properties.put("kafka.state.dir", stateDir.toString());
        // Built, never started: no broker, not ready.
        properties.put("scoring.streams.enabled", "false");
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, ENVIRONMENT);
        opened.add(() -> server.getApplicationContext().close());
        return server;
    }

    /** A stand-in for the instance that holds the account: records each request, answers with status and body. */
    private HostInfo otherInstance(int status, String body) throws IOException {
        HttpServer peer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        peer.createContext("/", exchange -> {
            peerReceivedPaths.add(exchange.getRequestURI().getRawPath());
            peerReceivedHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        peer.start();
        opened.add(() -> peer.stop(0));
        return new HostInfo("127.0.0.1", peer.getAddress().getPort());
    }

    private static HttpResponse<String> get(EmbeddedServer server, String path, String authorization)
            throws IOException, InterruptedException {
        return send(server, "GET", path, authorization);
    }

    private static HttpResponse<String> send(EmbeddedServer server, String method, String path, String authorization)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Routing that puts every account on {@link #owner}. */
    @Factory
    @Requires(env = ENVIRONMENT)
    static class IdleStreams {

        @Singleton
        @Replaces(bean = QueryRouting.class, factory = ScoringFactory.class)
        QueryRouting everyAccountElsewhere() {
            return new QueryRouting() {
                @Override
                public KeyQueryMetadata ownerOf(String accountId) {
                    return new KeyQueryMetadata(owner, Set.of(), 0);
                }

                @Override
                public List<HostInfo> instances() {
                    return List.of(owner);
                }
            };
        }
    }
}
