package io.healthscore.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import io.healthscore.scoring.app.ScoringSettings;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API's guard, without a broker (the streams are created but never started, so every query that gets
 * past the guard answers 503): only the probe paths are open; every other path and method, known or not, needs the
 * configured bearer token and gets 401 with {@code WWW-Authenticate: Bearer} and a problem body otherwise; without a
 * configured token nothing gets through. The forwarding paths ({@code /internal/...}) take the peer token instead,
 * and no other path takes it.
 */
class HealthQueryServerTest {

    private static final String TOKEN = "query-token-0123456789";
    private static final String PEER_TOKEN = "peer-token-9876543210";
    /** Every route a caller has, as served to a caller with the token while the streams are not running. */
    private static final Map<String, Integer> GUARDED_ROUTES = Map.of(
            "GET /accounts/acme/health", 503,
            "GET /levels", 503,
            "GET /levels?segment=smb&csm=a%40b", 503);
    /** The forwarding routes, as served to an instance with the peer token while the streams are not running. */
    private static final Map<String, Integer> FORWARDING_ROUTES = Map.of(
            "GET /internal/accounts/acme/health", 503,
            "GET /internal/levels", 503,
            "GET /internal/levels?segment=smb", 503);

    @TempDir
    Path stateDir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void theOnlyOpenPathsAreTheProbesAndTheyAnswerWithTheirStatusOnly() throws IOException {
        HealthQueryServer server = start(ApiToken.of(TOKEN));

        assertThat(HealthQueryServer.OPEN_PATHS).containsExactlyInAnyOrder("/health", "/health/readiness",
                "/health/liveness");
        // Created but not running: alive, not ready.
        assertThat(send(server, "GET", "/health/liveness", null)).startsWith("HTTP/1.1 200 ").endsWith("{\"status\":\"UP\"}");
        assertThat(send(server, "GET", "/health/readiness", null)).startsWith("HTTP/1.1 503 ").endsWith("{\"status\":\"DOWN\"}");
        assertThat(send(server, "GET", "/health", null)).startsWith("HTTP/1.1 503 ").endsWith("{\"status\":\"DOWN\"}");
        assertThat(send(server, "POST", "/health", null)).startsWith("HTTP/1.1 405 ");
    }

    @Test
    void everyOtherPathAndMethodIsRefusedWithoutTheRightToken() throws IOException {
        HealthQueryServer server = start(ApiToken.of(TOKEN));
        List<String> paths = new ArrayList<>(GUARDED_ROUTES.keySet().stream().map(r -> r.substring(4)).toList());
        paths.addAll(FORWARDING_ROUTES.keySet().stream().map(r -> r.substring(4)).toList());
        paths.addAll(List.of("/", "/accounts/acme", "/nope", "/levels/", "/LEVELS", "/health/", "/HEALTH",
                "/health/../levels", "/health/readiness/../../levels", "/health%2Freadiness",
                "/health;/levels", "/internal/levels/../../accounts/acme/health"));
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("none", null);
        credentials.put("a wrong token", "Bearer wrong-token");
        credentials.put("an empty token", "Bearer ");
        credentials.put("the token with a suffix", "Bearer " + TOKEN + "x");
        credentials.put("the token in upper case", "Bearer " + TOKEN.toUpperCase(Locale.ROOT));
        credentials.put("the token without a scheme", TOKEN);
        credentials.put("the token as Basic user", "Basic " + Base64.getEncoder()
                .encodeToString((TOKEN + ":").getBytes(StandardCharsets.UTF_8)));
        credentials.put("another scheme", "Token " + TOKEN);

        for (String method : List.of("GET", "POST", "DELETE", "PUT")) {
            for (String path : paths) {
                credentials.forEach((what, authorization) -> {
                    String answer = send(server, method, path, authorization);

                    assertThat(answer).as(method + " " + path + " with " + what).startsWith("HTTP/1.1 401 ")
                            .containsIgnoringCase("WWW-Authenticate: Bearer realm=\"healthscore\"")
                            .containsIgnoringCase("Content-Type: application/problem+json")
                            .contains("\"status\":401");
                    assertThat(answer).as("no echo").doesNotContain(TOKEN);
                });
            }
        }
        // The JDK server reads "//levels" as an authority without a path and answers 404 itself, before any handler.
        assertThat(send(server, "GET", "//levels", null)).doesNotStartWith("HTTP/1.1 200").doesNotContain("LV1");
    }

    @Test
    void withTheTokenEveryRoutePassesTheGuardAndUnknownPathsAndMethodsGet404And405() throws IOException {
        HealthQueryServer server = start(ApiToken.of(TOKEN));
        String bearer = "Bearer " + TOKEN;

        GUARDED_ROUTES.forEach((route, status) -> assertThat(send(server, "GET", route.substring(4), bearer))
                .as(route).startsWith("HTTP/1.1 " + status + " "));
        assertThat(send(server, "GET", "/nope", "bearer  " + TOKEN + " ")).startsWith("HTTP/1.1 404 ");
        assertThat(send(server, "GET", "/levels/", bearer)).startsWith("HTTP/1.1 404 ");
        assertThat(send(server, "POST", "/levels", bearer)).startsWith("HTTP/1.1 405 ").containsIgnoringCase("Allow: GET");
    }

    @Test
    void theForwardingPathsTakeThePeerTokenAndNoOtherPathDoes() throws IOException {
        HealthQueryServer server = start(ApiToken.of(TOKEN));
        String peer = "Bearer " + PEER_TOKEN;
        String caller = "Bearer " + TOKEN;

        FORWARDING_ROUTES.forEach((route, status) -> {
            assertThat(send(server, "GET", route.substring(4), peer)).as(route + " with the peer token")
                    .startsWith("HTTP/1.1 " + status + " ");
            assertThat(send(server, "GET", route.substring(4), caller)).as(route + " with a caller's token")
                    .startsWith("HTTP/1.1 401 ");
        });
        // A caller who somehow holds the peer token still cannot use it where a caller's token is expected
        GUARDED_ROUTES.keySet().forEach(route -> assertThat(send(server, "GET", route.substring(4), peer))
                .as(route + " with the peer token").startsWith("HTTP/1.1 401 ").doesNotContain(PEER_TOKEN));
        assertThat(send(server, "GET", "/internal/levels/../../levels", peer)).startsWith("HTTP/1.1 404 ");
        assertThat(send(server, "GET", "/INTERNAL/levels", peer)).startsWith("HTTP/1.1 401 ");
    }

    @Test
    void withoutAConfiguredTokenEveryQueryIsRefused() throws IOException {
        HealthQueryServer server = start(ApiToken.NONE);

        for (String authorization : new String[]{null, "Bearer ", "Bearer null", "Bearer " + TOKEN}) {
            assertThat(send(server, "GET", "/levels", authorization)).as(String.valueOf(authorization))
                    .startsWith("HTTP/1.1 401 ");
        }
        assertThat(send(server, "GET", "/health/liveness", null)).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void withTheDefaultSettingsTheQueriesListenOnLoopbackOnly() throws IOException {
        ScoringSettings defaults = ScoringSettings.from(Map.of("scoring.http.port", Integer.toString(freePort())));

        HealthQueryServer server = start(defaults.httpHost(), defaults.httpPort().getAsInt(), defaults.httpToken());

        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(send(server, "GET", "/levels", "Bearer anything")).startsWith("HTTP/1.1 401 ");
    }

    @Test
    void theTokenNeverShowsInItsTextForm() {
        assertThat(ApiToken.of(TOKEN).toString()).doesNotContain(TOKEN).contains("configured");
        assertThat(ApiToken.of("  ").configured()).isFalse();
        assertThat(ApiToken.of(TOKEN).allows("BEARER " + TOKEN)).isTrue();
        assertThat(PeerToken.of(PEER_TOKEN).toString()).doesNotContain(PEER_TOKEN).contains("configured");
        assertThat(PeerToken.of(" ").configured()).isFalse();
    }

    private HealthQueryServer start(ApiToken token) throws IOException {
        return start("127.0.0.1", freePort(), token);
    }

    private HealthQueryServer start(String host, int port, ApiToken token) throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-server-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        KafkaStreams streams = new KafkaStreams(new Topology().addSource("in", "in"), props);
        opened.add(streams);
        HealthQueryServer server = new HealthQueryServer(streams, host, new HostInfo(host, port), token,
                PeerToken.of(PEER_TOKEN)).start();
        opened.add(server);
        return server;
    }

    /** Exactly the request line and headers given (no client-side path normalisation); the whole answer as text. */
    private static String send(HealthQueryServer server, String method, String path, String authorization) {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket(server.address().getAddress(), server.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
