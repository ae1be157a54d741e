package io.healthscore.ingest;

import io.healthscore.ingest.support.RawHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped application.yml alone (no test environment, a real producer): the service starts, binds to
 * loopback, refuses every write while no source is configured, and is not ready while Kafka is unreachable.
 */
class DefaultConfigurationTest {

    @Test
    void startsOnLoopbackRefusesUnconfiguredSourcesAndIsNotReadyWithoutKafka() throws IOException {
        Map<String, Object> overrides = Map.of(
                "micronaut.server.port", -1,
                // A loopback port nobody listens on, and an in-memory registry: no traffic leaves this test.
                "kafka.bootstrap.servers", "127.0.0.1:" + closedPort(),
                "schema.registry.url", "mem://default-configuration-test",
                "ingest.health.refresh-every", "200ms");
        try (ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .properties(overrides)
                .start()) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            RawHttp http = new RawHttp(server.getURI());

            assertThat(server.getHost()).isEqualTo("127.0.0.1");
            assertThat(http.post("/v1/events", "{\"type\":\"login\",\"accountId\":\"a\"}").statusCode()).isEqualTo(401);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> http.get("/health/readiness").statusCode() == 503);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
