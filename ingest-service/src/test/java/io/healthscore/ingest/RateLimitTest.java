package io.healthscore.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.ingest.support.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits over HTTP: counted in events, answered 429 with Retry-After, refused before parsing, nothing written. */
@MicronautTest
@Property(name = "ingest.limits.native-max-events", value = "3")
@Property(name = "ingest.limits.segment-max-batch-events", value = "3")
@Property(name = "ingest.rate-limit.events-per-second", value = "0.01")
@Property(name = "ingest.rate-limit.burst", value = "3")
class RateLimitTest {

    private static final String TWO_EVENTS = "[{\"type\":\"login\",\"accountId\":\"a\"},{\"type\":\"login\",\"accountId\":\"b\"}]";

    @Inject
    EmbeddedServer server;
    @Inject
    MockProducer<byte[], byte[]> producer;

    @Test
    void aSourceOverItsEventRateGets429WithRetryAfterBeforeItsBodyIsReadAndOtherSourcesAreNotAffected()
            throws Exception {
        RawHttp http = new RawHttp(server.getURI());
        producer.clear();

        assertThat(http.post("/v1/events", TWO_EVENTS).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = http.post("/v1/events", TWO_EVENTS);

        assertThat(limited.statusCode()).as("one token left, two events").isEqualTo(429);
        // One token per 100 s at 0.01 events per second.
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("100");
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new ObjectMapper().readTree(limited.body()).path("detail").asText()).contains("event rate");
        assertThat(producer.history()).hasSize(2);

        assertThat(http.post("/v1/events", "{\"type\":\"login\",\"accountId\":\"a\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> unparsed = http.post("/v1/events", "{not json");
        assertThat(unparsed.statusCode()).as("an empty bucket refuses before parsing").isEqualTo(429);
        assertThat(producer.history()).hasSize(3);

        HttpResponse<String> otherSource = http.send("POST", "/v1/events", TWO_EVENTS.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", RawHttp.basic(RawHttp.OTHER_KEY)));
        assertThat(otherSource.statusCode()).isEqualTo(200);
    }
}
