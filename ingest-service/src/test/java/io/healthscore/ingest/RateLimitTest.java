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

@MicronautTest
@Property(name = "ingest.rate-limit.requests-per-second", value = "0.01")
@Property(name = "ingest.rate-limit.burst", value = "2")
class RateLimitTest {

    private static final String EVENT = "{\"type\":\"login\",\"accountId\":\"a\"}";

    @Inject
    EmbeddedServer server;
    @Inject
    MockProducer<byte[], byte[]> producer;

    @Test
    void aSourceOverItsRateGets429WithRetryAfterAndOtherSourcesAreNotAffected() throws Exception {
        RawHttp http = new RawHttp(server.getURI());
        producer.clear();

        assertThat(http.post("/v1/events", EVENT).statusCode()).isEqualTo(200);
        assertThat(http.post("/v1/events", EVENT).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = http.post("/v1/events", EVENT);

        assertThat(limited.statusCode()).isEqualTo(429);
        // One token per 100 s at 0.01 requests per second.
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("100");
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new ObjectMapper().readTree(limited.body()).path("status").asInt()).isEqualTo(429);
        assertThat(producer.history()).hasSize(2);

        HttpResponse<String> otherSource = http.send("POST", "/v1/events", EVENT.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", RawHttp.basic(RawHttp.OTHER_KEY)));
        assertThat(otherSource.statusCode()).isEqualTo(200);
    }
}
