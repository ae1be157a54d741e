package io.healthscore.ingest;

import io.healthscore.ingest.support.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker that never acknowledges: the request is answered 503 with Retry-After once the publish bound passes. */
@MicronautTest
@Property(name = "ingest.publish.timeout", value = "300ms")
@Property(name = "ingest.publish.retry-after", value = "7s")
class PublishTimeoutTest {

    @Inject
    EmbeddedServer server;

    @MockBean(MockProducer.class)
    @Replaces(MockProducer.class)
    MockProducer<byte[], byte[]> silentBroker() {
        // autoComplete=false: sends are accepted but never acknowledged.
        return new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void anUnacknowledgedRequestGets503WithRetryAfterWithinTheBound() {
        RawHttp http = new RawHttp(server.getURI());

        long started = System.nanoTime();
        HttpResponse<String> response = http.post("/v1/events", "{\"type\":\"login\",\"accountId\":\"a\"}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.body()).contains("\"status\":503").contains("retry");
        assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
    }
}
