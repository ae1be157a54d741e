package io.healthscore.ingest;

import io.healthscore.avro.AccountProfile;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.ingest.support.Records;
import io.healthscore.schemas.Topics;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Segment client works unchanged: the payloads of Segment's HTTP Tracking API documentation, byte for byte,
 * with Basic auth of the write key and an empty password. Their timestamps are from December 2012, so the
 * service's clock is set to just after them (with today's clock they would be older than the horizon).
 */
@MicronautTest
class SegmentDocsExampleTest {

    @Inject
    EmbeddedServer server;
    @Inject
    MockProducer<byte[], byte[]> producer;
    @Inject
    Topics topics;

    RawHttp http;

    @MockBean(Clock.class)
    Clock clock() {
        return Clock.fixed(Instant.parse("2012-12-02T00:31:00Z"), ZoneOffset.UTC);
    }

    @BeforeEach
    void setUp() {
        producer.clear();
        http = new RawHttp(server.getURI());
    }

    @Test
    void theDocumentedBatchOfIdentifyTrackAndGroupCallsIsAccepted() {
        // Exactly the shapes in Segment's docs: identify, track and group calls in one batch, with batch context.
        String body = """
                {
                  "batch": [
                    {
                      "type": "identify",
                      "userId": "019mr8mf4r",
                      "traits": {
                        "email": "jake@yahoo.com",
                        "name": "Jake Peterson",
                        "age": 26
                      },
                      "timestamp": "2012-12-02T00:30:08.276Z"
                    },
                    {
                      "type": "track",
                      "userId": "019mr8mf4r",
                      "event": "Song Played",
                      "properties": {
                        "name": "Fallin for You",
                        "artist": "Dierks Bentley"
                      },
                      "timestamp": "2012-12-02T00:30:12.984Z"
                    },
                    {
                      "type": "group",
                      "userId": "019mr8mf4r",
                      "groupId": "8e9df332ac",
                      "traits": {
                        "name": "Initech",
                        "industry": "Technology",
                        "employees": 420
                      },
                      "timestamp": "2012-12-02T00:30:08.276Z"
                    },
                    {
                      "type": "track",
                      "userId": "971mj8mk7p",
                      "event": "Song Played",
                      "properties": {
                        "name": "Get Right",
                        "artist": "Jennifer Lopez"
                      },
                      "timestamp": "2012-12-02T00:30:12.984Z"
                    }
                  ],
                  "context": {
                    "device": {
                      "type": "phone",
                      "name": "Apple iPhone 6"
                    }
                  }
                }
                """;
        String abc123 = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((RawHttp.WRITE_KEY + ":").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = http.send("POST", "/v1/batch", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", abc123));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"success\":true}");
        // The group call updates account 8e9df332ac; the two track calls name no account (no context.groupId)
        // and are parked for identity resolution; identify is acknowledged only.
        AccountProfile profile = Records.on(producer, topics.accountProfiles()).get(0).value();
        assertThat(profile.getAccountId()).isEqualTo("8e9df332ac");
        assertThat(profile.getName()).isEqualTo("Initech");
        assertThat(profile.getUpdatedAt()).isEqualTo(Instant.parse("2012-12-02T00:30:08.276Z"));
        assertThat(producer.history()).extracting(r -> r.topic())
                .containsExactly("usage-events-dlq", "account-profiles", "usage-events-dlq");
    }

    @Test
    void theDocumentedSingleTrackCallWithWriteKeyInTheBodyIsAccepted() {
        String body = """
                {
                  "userId": "019mr8mf4r",
                  "event": "Item Purchased",
                  "properties": {
                    "name": "Leap to Conclusions Mat",
                    "revenue": 14.99
                  },
                  "context": {
                    "ip": "24.5.68.47"
                  },
                  "timestamp": "2012-12-02T00:30:12.984Z",
                  "writeKey": "test-write-key"
                }
                """;

        HttpResponse<String> response = http.send("POST", "/v1/track", body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(producer.history()).extracting(r -> r.topic()).containsExactly("usage-events-dlq");
    }
}
