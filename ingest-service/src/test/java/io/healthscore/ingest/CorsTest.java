package io.healthscore.ingest;

import io.healthscore.avro.UsageEvent;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.ingest.support.Records;
import io.healthscore.schemas.Topics;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsers posting from a source's configured web origins ({@code ingest.sources.<name>.allowed-origins}): the
 * preflight is answered for those origins only, a request's origin must be one of its own source's, and requests
 * without an Origin (server SDKs) are as before.
 */
@MicronautTest
class CorsTest {

    private static final String APP = "https://app.example.com";
    private static final String TRACK = "{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Clicked\","
            + "\"context\":{\"groupId\":\"acct-cors\"},\"writeKey\":\"" + RawHttp.WRITE_KEY + "\"}";

    @Inject
    EmbeddedServer server;
    @Inject
    MockProducer<byte[], byte[]> producer;
    @Inject
    Topics topics;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void clear() {
        producer.clear();
    }

    @Test
    void aPreflightFromAConfiguredOriginIsAnsweredForPostAndTheHeadersSdksSend() throws Exception {
        HttpResponse<String> preflight = preflight("/v1/batch", APP, "POST", "authorization,content-type,anonymousid");

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("authorization", "content-type", "anonymousid");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(preflight.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("origin"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        // The other source's origin is answered too: a preflight carries no key, so it cannot say whose it is.
        assertThat(preflight("/v1/events", "https://crm.example.com", "POST", "content-type").statusCode()).isEqualTo(204);
    }

    @Test
    void aPreflightFromAnUnknownOriginOrForAnotherMethodOrHeaderIsRefused() throws Exception {
        for (HttpResponse<String> refused : new HttpResponse[] {
                preflight("/v1/batch", "https://evil.example", "POST", "content-type"),
                preflight("/v1/batch", "null", "POST", "content-type"),
                preflight("/v1/batch", "https://app.example.com.evil.example", "POST", "content-type"),
                preflight("/v1/batch", "http://app.example.com", "POST", "content-type"),
                preflight("/v1/batch", APP, "DELETE", "content-type"),
                preflight("/v1/batch", APP, "POST", "x-forwarded-for"),
                preflight("/health", APP, "GET", "")}) {
            assertThat(refused.statusCode()).as(refused.uri() + " " + refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void aBrowserPostFromItsSourcesOriginIsAcceptedAndReadableThere() throws Exception {
        // What sendBeacon sends: text/plain, the key in the body, no preflight
        HttpResponse<String> beacon = post("/v1/track", TRACK, "text/plain;charset=UTF-8", APP, null);

        assertThat(beacon.statusCode()).as(beacon.body()).isEqualTo(200);
        assertThat(beacon.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(Records.on(producer, topics.usageEvents())).extracting(w -> ((UsageEvent) w.value()).getAccountId())
                .containsExactly("acct-cors");
    }

    @Test
    void aPostFromAnOriginItsSourceDoesNotListIsRefusedAndWritesNothing() throws Exception {
        // The crm source's origin with the web source's key (a page of one app using another's key)
        HttpResponse<String> foreign = post("/v1/track", TRACK, "text/plain", "https://crm.example.com", null);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("origin https://crm.example.com is not allowed for this source");
        // An origin no source lists, the key in the Authorization header this time
        HttpResponse<String> evil = post("/v1/track", TRACK, "application/json", "https://evil.example",
                RawHttp.basic(RawHttp.WRITE_KEY));
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(producer.history()).isEmpty();

        // A server SDK sends no Origin: as before
        assertThat(post("/v1/track", TRACK, "application/json", null, null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> preflight(String path, String origin, String method, String headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (!headers.isEmpty()) {
            request.header("Access-Control-Request-Headers", headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String type, String origin, String authorization)
            throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type);
        if (origin != null) {
            headers.put("Origin", origin);
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return server.getURI().resolve(path);
    }
}
