package io.healthscore.ingest;

import io.healthscore.ingest.support.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Millions of made-up account ids cannot be pushed into the state stores: each source introduces only so many. */
@MicronautTest
@Property(name = "ingest.new-accounts.per-source-per-hour", value = "3")
class NewAccountCapTest {

    @Inject
    EmbeddedServer server;
    @Inject
    MockProducer<byte[], byte[]> producer;

    @Test
    void aSourceOverItsNewAccountCapGets429AndNothingIsWrittenWhileKnownAccountsGoOn() {
        RawHttp http = new RawHttp(server.getURI());
        producer.clear();
        assertThat(http.post("/v1/events", "[{\"type\":\"login\",\"accountId\":\"cap-1\"},"
                + "{\"type\":\"login\",\"accountId\":\"cap-2\"}]").statusCode()).isEqualTo(200);

        HttpResponse<String> capped = http.post("/v1/batch", """
                {"batch": [{"type": "track", "userId": "u", "event": "E", "context": {"groupId": "fake-1"}},
                           {"type": "track", "userId": "u", "event": "E", "context": {"groupId": "fake-2"}}]}""");

        assertThat(capped.statusCode()).isEqualTo(429);
        assertThat(capped.body()).contains("\"type\":\"https://healthscore.io/problems/new-accounts-limited\"",
                "at most 3 new accounts per hour");
        assertThat(capped.headers().firstValue("Retry-After")).hasValue("1200");
        assertThat(producer.history()).hasSize(2);
        assertThat(http.post("/v1/events", "{\"type\":\"login\",\"accountId\":\"cap-1\"}").statusCode())
                .as("a known account").isEqualTo(200);
    }
}
