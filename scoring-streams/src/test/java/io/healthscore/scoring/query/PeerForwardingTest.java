package io.healthscore.scoring.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query for an account another instance holds is forwarded with this instance's peer token, never with the
 * caller's token: an instance named by Streams metadata gets the application's own credential, which opens the
 * forwarding paths only. The other instance is a stand-in HTTP server that records what it was sent.
 */
class PeerForwardingTest {

    private static final String CALLER_TOKEN = "caller-token-0123456789";
    private static final String PEER_TOKEN = "peer-token-9876543210";

    @TempDir
    Path stateDir;

    private final List<AutoCloseable> opened = new java.util.ArrayList<>();
    private final List<Map<String, List<String>>> peerReceivedHeaders = new CopyOnWriteArrayList<>();
    private final List<String> peerReceivedPaths = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void aForwardedQueryCarriesThePeerTokenAndNotTheCallersToken() throws Exception {
        // Given account acme is held by another instance
        HostInfo other = otherInstance(200, "{\"accountId\":\"acme\",\"score\":71.0}");
        HealthQueryServer server = start(PeerToken.of(PEER_TOKEN), other);

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
    void withoutAPeerTokenAQueryForAnotherInstancesAccountIsNotForwarded() throws Exception {
        // Given account acme is held by another instance, and this one has no peer token
        HostInfo other = otherInstance(200, "{}");
        HealthQueryServer server = start(PeerToken.NONE, other);

        // When a caller asks for it
        HttpResponse<String> answer = get(server, "/accounts/acme/health", "Bearer " + CALLER_TOKEN);

        // Then nothing is sent on, and the answer names the setting that is missing
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("scoring.http.peer-token").doesNotContain(CALLER_TOKEN);
        assertThat(peerReceivedPaths).isEmpty();
    }

    @Test
    void anInstanceThatRefusesThePeerTokenGivesTheCallerABadGatewayAndNotA401() throws Exception {
        // Given the other instance has another peer token
        HostInfo other = otherInstance(401, "{\"status\":401}");
        HealthQueryServer server = start(PeerToken.of(PEER_TOKEN), other);

        // When a caller with a valid token asks for an account it holds
        HttpResponse<String> answer = get(server, "/accounts/acme/health", "Bearer " + CALLER_TOKEN);

        // Then the caller learns the instances disagree, not that the caller's token is wrong
        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(answer.body()).contains("refused this instance's peer token").doesNotContain(PEER_TOKEN);
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

    private HealthQueryServer start(PeerToken peerToken, HostInfo owner) throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "peer-forwarding-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        KafkaStreams streams = new KafkaStreams(new Topology().addSource("in", "in"), props);
        opened.add(streams);
        int port = freePort();
        HostInfo self = new HostInfo("127.0.0.1", port);
        QueryRouting routing = new QueryRouting() {
            @Override
            public KeyQueryMetadata ownerOf(String accountId) {
                return new KeyQueryMetadata(owner, Set.of(), 0);
            }

            @Override
            public List<HostInfo> instances() {
                return List.of(self, owner);
            }
        };
        HealthQueryServer server = new HealthQueryServer(streams, routing, "127.0.0.1", self,
                ApiToken.of(CALLER_TOKEN), peerToken).start();
        opened.add(server);
        return server;
    }

    private static HttpResponse<String> get(HealthQueryServer server, String path, String authorization)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                    .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
