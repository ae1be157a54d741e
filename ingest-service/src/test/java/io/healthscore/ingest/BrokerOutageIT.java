package io.healthscore.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.avro.UsageEvent;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.ingest.support.RunningService;
import io.healthscore.ingest.support.TopicReader;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Durability across a broker outage: while Kafka is down requests get 503 with Retry-After within the publish
 * bound and readiness goes DOWN; once it is back requests succeed, and every event that was ever acknowledged
 * with 200 is on the topic.
 */
@ExtendWith(LocalStackExtension.class)
class BrokerOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger("io.healthscore.ingest.it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PUBLISH_BOUND = Duration.ofSeconds(5);

    @Test
    void brokerDownMeans503WithinTheBoundAndNoAcknowledgedEventIsLost(LocalStack stack) throws Exception {
        Set<String> acknowledged = new LinkedHashSet<>();
        try (RunningService service = RunningService.on(stack, Map.of(
                "ingest.publish.timeout", PUBLISH_BOUND.toMillis() + "ms",
                "ingest.health.refresh-every", "200ms",
                "ingest.health.kafka-timeout", "500ms"))) {
            RawHttp http = service.http();
            // Given a service that has written events
            for (int i = 0; i < 5; i++) {
                acknowledged.addAll(acceptedIds(postBatch(http, 3)));
            }
            assertThat(acknowledged).hasSize(15);
            await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/health/readiness").statusCode() == 200);

            // When the broker stops
            stack.kafka().close();
            try {
                // Then each request is refused with 503 and Retry-After within the bound (plus scheduling slack)
                for (int i = 0; i < 3; i++) {
                    long started = System.nanoTime();
                    HttpResponse<String> refused = postBatch(http, 2);
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    LOG.info("broker down: request {} answered {} after {} ms", i, refused.statusCode(), took.toMillis());

                    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                    assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
                    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                            t -> assertThat(t).startsWith("application/problem+json"));
                    assertThat(took).isLessThan(PUBLISH_BOUND.plusSeconds(2));
                }
                // And readiness reports Kafka DOWN
                await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/health/readiness").statusCode() == 503);
            } finally {
                // When the broker returns
                stack.kafka().start();
            }

            // Then requests succeed again (a client retrying on 503, bounded)
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpResponse<String> response = postBatch(http, 3);
                acknowledged.addAll(acceptedIds(response));
                return response.statusCode() == 200;
            });
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = postBatch(http, 3);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                acknowledged.addAll(acceptedIds(response));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/readiness").statusCode() == 200);
        }
        LOG.info("acknowledged {} events across the outage", acknowledged.size());

        // And every acknowledged event is on usage-events
        try (SchemaRegistryClient registry = SchemaRegistryClient.create(
                SchemaRegistryConfig.of(stack.registry().confluentUrl()))) {
            Topics topics = Topics.create(TopicNames.defaults(), registry, false);
            var found = TopicReader.readIds(stack.kafka().bootstrapServers(), topics.usageEvents(),
                    UsageEvent::getMessageId, acknowledged, Duration.ofSeconds(60));
            assertThat(found.keySet()).containsAll(acknowledged);
        }
    }

    private static HttpResponse<String> postBatch(RawHttp http, int events) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            items.add("{\"type\":\"login\",\"accountId\":\"acct-outage-" + i + "\",\"messageId\":\""
                    + UUID.randomUUID() + "\"}");
        }
        return http.post("/v1/events", "[" + String.join(",", items) + "]");
    }

    private static List<String> acceptedIds(HttpResponse<String> response) throws Exception {
        if (response.statusCode() != 200) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : JSON.readTree(response.body()).path("messageIds")) {
            ids.add(id.asText());
        }
        return ids;
    }
}
