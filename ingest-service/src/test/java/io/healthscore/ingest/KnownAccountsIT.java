package io.healthscore.ingest;

import io.healthscore.avro.AccountProfile;
import io.healthscore.ingest.limits.KnownAccounts;
import io.healthscore.ingest.support.RunningService;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restarted ingest instance must not count the accounts the pipeline already has as new: it reads them from
 * the compacted account-profiles topic (and health-scores-latest) before it reports ready.
 */
@ExtendWith(LocalStackExtension.class)
class KnownAccountsIT {

    @Test
    void accountsWithAProfileOnTheTopicAreKnownAtStartAndOnlyNewOnesCountAgainstTheCap(LocalStack stack)
            throws Exception {
        // Given three accounts whose profiles are on account-profiles before ingest starts
        stack.provision();
        String run = UUID.randomUUID().toString().substring(0, 8);
        SchemaRegistryClient registry = SchemaRegistryClient.create(SchemaRegistryConfig.of(stack.registry().confluentUrl()));
        Topics topics = Topics.create(TopicNames.defaults(), registry, true);
        try (KafkaProducer<String, AccountProfile> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", stack.kafka().bootstrapServers()), new StringSerializer(),
                topics.accountProfiles().valueSerde().serializer())) {
            for (int i = 1; i <= 3; i++) {
                String account = "known-" + run + "-" + i;
                producer.send(new ProducerRecord<>(topics.accountProfiles().name(), account, AccountProfile.newBuilder()
                        .setAccountId(account).setUpdatedAt(Instant.now()).setSource("crm").build())).get();
            }
        }

        // When ingest starts with a cap of one new account per hour
        try (RunningService service = RunningService.on(stack, Map.of("ingest.new-accounts.per-source-per-hour", "1"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> service.bean(KnownAccounts.class).loaded());
            HttpResponse<String> readiness = service.http().get("/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);

            // Then the three known accounts and one new one are accepted, a second new one is not
            for (int i = 1; i <= 3; i++) {
                assertThat(login(service, "known-" + run + "-" + i).statusCode()).isEqualTo(200);
            }
            assertThat(login(service, "new-" + run + "-1").statusCode()).isEqualTo(200);
            HttpResponse<String> capped = login(service, "new-" + run + "-2");
            assertThat(capped.statusCode()).isEqualTo(429);
            assertThat(capped.body()).contains("new-accounts-limited");
        }
    }

    private static HttpResponse<String> login(RunningService service, String account) {
        return service.http().post("/v1/events", "{\"type\":\"login\",\"accountId\":\"" + account + "\"}");
    }
}
