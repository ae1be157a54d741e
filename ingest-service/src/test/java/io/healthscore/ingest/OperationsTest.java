package io.healthscore.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.healthscore.ingest.support.RawHttp;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Metrics and request logs: counted by endpoint, source and reason; logs carry neither payloads nor keys. */
@MicronautTest
class OperationsTest {

    @Inject
    EmbeddedServer server;

    RawHttp http;
    Logger requestLog;
    ListAppender<ILoggingEvent> captured;

    @BeforeEach
    void setUp() {
        http = new RawHttp(server.getURI());
        requestLog = (Logger) LoggerFactory.getLogger("io.healthscore.ingest.requests");
        captured = new ListAppender<>();
        captured.start();
        requestLog.addAppender(captured);
        requestLog.setLevel(Level.INFO);
    }

    @AfterEach
    void tearDown() {
        requestLog.detachAppender(captured);
        requestLog.setLevel(null);
    }

    @Test
    void prometheusShowsAcceptedAndRejectedCountsAndLatency() {
        http.post("/v1/events", "[{\"type\":\"login\",\"accountId\":\"a\"},{\"type\":\"logout\",\"accountId\":\"a\"}]");
        http.post("/v1/events", "{\"type\":\"purchase\",\"accountId\":\"a\"}");

        HttpResponse<String> metrics = http.get("/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern("ingest_events_accepted_total\\{endpoint=\"native.events\",source=\"web\"} [1-9]")
                .containsPattern("ingest_requests_rejected_total\\{endpoint=\"native.events\",reason=\"invalid-request\",source=\"web\"} [1-9]")
                .contains("ingest_produce_latency_seconds_count")
                .contains("ingest_batch_size_events_sum");
    }

    @Test
    void requestLogsNameOutcomeAndSourceButNeitherPayloadNorKey() {
        http.post("/v1/events", "{\"type\":\"feature_used\",\"accountId\":\"secret-account\",\"feature\":\"payload-marker\"}");
        http.send("POST", "/v1/events", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of("Content-Type", "application/json", "Authorization", RawHttp.basic("leaked-key-marker")));

        assertThat(captured.list).hasSize(2);
        assertThat(captured.list.get(0).getFormattedMessage()).contains("accepted", "source=web", "records=1");
        assertThat(captured.list.get(1).getFormattedMessage()).contains("rejected", "status=401");
        assertThat(captured.list).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain("secret-account", "payload-marker", "leaked-key-marker", RawHttp.WRITE_KEY));
    }

    @Test
    void requestsTheRouterRefusesAreLoggedAndCountedAsUnrouted() {
        // Paths no route serves, and a browser's CORS preflight from an origin no source lists
        http.post("/v1/x", "{}");
        HttpResponse<String> preflight = http.send("OPTIONS", "/v1/track", new byte[0], java.util.Map.of("Origin",
                "https://app.example", "Access-Control-Request-Method", "POST"));
        assertThat(preflight.statusCode()).isEqualTo(403);
        http.post("/v1/nope?writeKey=leaked-key-marker", "{}");

        HttpResponse<String> metrics = http.get("/prometheus");

        assertThat(metrics.body())
                .containsPattern("ingest_http_requests_total\\{route=\"unrouted\",source=\"unknown\",status=\"404\"} [2-9]")
                .containsPattern("ingest_http_requests_total\\{route=\"unrouted\",source=\"unknown\",status=\"403\"} [1-9]")
                .doesNotContain("/v1/x\"", "/v1/nope\"");
        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.contains("method=POST route=unrouted path=/v1/x status=404"))
                .anyMatch(line -> line.contains("method=OPTIONS") && line.contains("status=403"))
                .anyMatch(line -> line.contains("path=/v1/nope status=404"))
                .noneMatch(line -> line.contains("leaked-key-marker"));
    }

    @Test
    void aWriteRequestIsCountedWithItsRouteAndSourceAndLoggedOnce() {
        http.post("/v1/events", "{\"type\":\"login\",\"accountId\":\"a\"}");

        assertThat(http.get("/prometheus").body()).containsPattern(
                "ingest_http_requests_total\\{route=\"/v1/events\",source=\"web\",status=\"200\"} [1-9]");
        assertThat(captured.list).hasSize(1);
    }

    @Test
    void readinessIsUpWhenKafkaIsReachable() {
        HttpResponse<String> readiness = http.get("/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("kafka");
    }
}
