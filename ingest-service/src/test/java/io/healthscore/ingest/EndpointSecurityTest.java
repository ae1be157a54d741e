package io.healthscore.ingest;

import io.healthscore.avro.UsageEvent;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.ingest.support.Records;
import io.healthscore.schemas.Topics;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the service, taken from Micronaut's router (so a new controller method fails this test until it
 * is listed here with its protection): write routes refuse requests without a key or with a wrong one, and what
 * a source's key writes is attributed to that source and no other. Health and metrics are open by design, for
 * probes and scrapers, and carry neither keys nor payloads.
 */
@MicronautTest
class EndpointSecurityTest {

    /** Routes that need a write key, with a valid body for each. */
    private static final Map<String, String> WRITE_ROUTES = new LinkedHashMap<>();
    /** Routes open without credentials (HEAD as well as GET). */
    private static final Set<String> OPEN_ROUTES = Set.of("GET /health", "GET /health/{selector}", "GET /prometheus",
            "HEAD /health", "HEAD /health/{selector}", "HEAD /prometheus");

    static {
        String event = "{\"type\":\"login\",\"accountId\":\"acct-sec\"}";
        String call = "{\"userId\":\"u\",\"event\":\"E\",\"name\":\"n\",\"previousId\":\"p\",\"groupId\":\"acct-sec\","
                + "\"context\":{\"groupId\":\"acct-sec\"}}";
        WRITE_ROUTES.put("POST /v1/events", event);
        WRITE_ROUTES.put("PUT /v1/accounts/{accountId}", "{\"plan\":\"pro\"}");
        WRITE_ROUTES.put("POST /v1/signals", "{\"type\":\"csm_touchpoint\",\"accountId\":\"acct-sec\"}");
        // The Segment calls under their names and under the one-letter paths analytics.js posts to.
        for (String segment : List.of("track", "page", "screen", "identify", "group", "alias", "t", "p", "s", "i",
                "g", "a")) {
            WRITE_ROUTES.put("POST /v1/" + segment, call);
        }
        for (String batch : List.of("batch", "b")) {
            WRITE_ROUTES.put("POST /v1/" + batch, "{\"batch\":[" + call.replace("{", "{\"type\":\"track\",") + "]}");
        }
    }

    @Inject
    EmbeddedServer server;
    @Inject
    Router router;
    @Inject
    MockProducer<byte[], byte[]> producer;
    @Inject
    Topics topics;

    RawHttp http;

    @BeforeEach
    void setUp() {
        producer.clear();
        http = new RawHttp(server.getURI());
    }

    @Test
    void everyRouteOfTheServiceIsKnownToThisTest() {
        Set<String> routes = router.uriRoutes()
                .map(r -> r.getHttpMethod() + " " + r.getUriMatchTemplate().toPathString())
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> known = new TreeSet<>(WRITE_ROUTES.keySet());
        known.addAll(OPEN_ROUTES);
        assertThat(routes).as("routes of the service; list a new one in this test with its protection")
                .containsExactlyInAnyOrderElementsOf(known);
    }

    @Test
    void everyWriteRouteRefusesRequestsWithoutAValidKeyAndWritesNothing() {
        Map<String, String> wrongCredentials = new LinkedHashMap<>();
        wrongCredentials.put("none", null);
        wrongCredentials.put("unknown key (Basic)", RawHttp.basic("not-a-key"));
        wrongCredentials.put("unknown key (Bearer)", "Bearer not-a-key");
        wrongCredentials.put("the key as Basic password", "Basic " + java.util.Base64.getEncoder()
                .encodeToString((":" + RawHttp.WRITE_KEY).getBytes(StandardCharsets.UTF_8)));
        wrongCredentials.put("the key's SHA-256 instead of the key",
                "Bearer 04c0218b3c6929c6638fa052827cc353c3e1eb3a432020f686e083aae900d6c4");
        wrongCredentials.put("another scheme", "Digest username=\"" + RawHttp.WRITE_KEY + "\"");

        WRITE_ROUTES.forEach((route, body) -> wrongCredentials.forEach((what, authorization) -> {
            HttpResponse<String> response = send(route, body, authorization);

            assertThat(response.statusCode()).as(route + " with " + what).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(route).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic"));
            assertThat(response.headers().firstValue("Content-Type")).as(route).hasValueSatisfying(
                    value -> assertThat(value).startsWith("application/problem+json"));
            assertThat(response.body()).as(route).doesNotContain(RawHttp.WRITE_KEY, "not-a-key");
        }));
        assertThat(producer.history()).as("records written by refused requests").isEmpty();
    }

    @Test
    void everyWriteRouteAcceptsAValidKeySoTheRefusalsAboveAreAboutTheKey() {
        WRITE_ROUTES.forEach((route, body) -> assertThat(send(route, body, RawHttp.basic(RawHttp.WRITE_KEY))
                .statusCode()).as(route).isEqualTo(200));
    }

    @Test
    void whatASourcesKeyWritesIsAttributedToThatSourceWhateverTheBodyClaims() {
        // A Segment body naming a source, and the other source's key in the body next to a valid header
        String claims = "{\"writeKey\":\"" + RawHttp.WRITE_KEY + "\",\"userId\":\"u\",\"event\":\"E\",\"source\":\"web\","
                + "\"context\":{\"groupId\":\"acct-sec\",\"source\":\"web\"},\"properties\":{\"source\":\"web\"}}";

        HttpResponse<String> response = send("POST /v1/track", claims, RawHttp.basic(RawHttp.OTHER_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        List<Records.Written<UsageEvent>> written = Records.on(producer, topics.usageEvents());
        assertThat(written).singleElement().satisfies(w -> assertThat(w.value().getSource()).isEqualTo("crm"));
    }

    @Test
    void aNativeBodyCannotNameItsSource() {
        HttpResponse<String> response = send("POST /v1/events",
                "{\"type\":\"login\",\"accountId\":\"acct-sec\",\"source\":\"web\"}", RawHttp.basic(RawHttp.OTHER_KEY));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"source\"");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aHeaderThatNamesNoSourceIsRefusedEvenWithAValidKeyInTheBody() {
        String body = "{\"writeKey\":\"" + RawHttp.WRITE_KEY + "\",\"userId\":\"u\",\"event\":\"E\","
                + "\"context\":{\"groupId\":\"acct-sec\"}}";

        assertThat(send("POST /v1/track", body, RawHttp.basic("not-a-key")).statusCode()).isEqualTo(401);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anUnattributedSegmentCallKeptForLaterCarriesTheSourceOfItsKey() {
        HttpResponse<String> response = send("POST /v1/track", "{\"userId\":\"u\",\"event\":\"E\"}",
                "Bearer " + RawHttp.OTHER_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        ProducerRecord<byte[], byte[]> parked = producer.history().get(0);
        assertThat(parked.topic()).isEqualTo(topics.dlqOf(topics.usageEvents()).name());
        assertThat(new String(parked.headers().lastHeader("ingest.source").value(), StandardCharsets.UTF_8))
                .isEqualTo("crm");
    }

    @Test
    void managementEndpointsBeyondHealthAndPrometheusAreNotServed() {
        for (String path : List.of("/routes", "/beans", "/info", "/threaddump", "/metrics", "/env", "/loggers")) {
            assertThat(http.get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(http.send("POST", "/refresh", new byte[0], Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void healthAndMetricsAreOpenAndRevealNoKeysOrPayloads() {
        send("POST /v1/events", "{\"type\":\"login\",\"accountId\":\"payload-marker\"}", RawHttp.basic(RawHttp.WRITE_KEY));

        for (String path : List.of("/health", "/health/readiness", "/health/liveness", "/prometheus")) {
            HttpResponse<String> response = http.get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain(RawHttp.WRITE_KEY, RawHttp.OTHER_KEY,
                    "04c0218b3c6929c6638fa052827cc353c3e1eb3a432020f686e083aae900d6c4", "payload-marker");
        }
    }

    private HttpResponse<String> send(String route, String body, String authorization) {
        String[] parts = route.split(" ", 2);
        String path = parts[1].replace("{accountId}", "acct-sec");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return http.send(parts[0], path, body.getBytes(StandardCharsets.UTF_8), headers);
    }
}
