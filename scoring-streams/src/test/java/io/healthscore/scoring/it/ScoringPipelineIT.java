package io.healthscore.scoring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.Severity;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;


import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application on the local stack: Avro in through the registry, scores, transitions, alerts and expansion signals
 * out, DLQ.
 */
@ExtendWith(LocalStackExtension.class)
class ScoringPipelineIT {

    /** The query API's bearer token in the ITs. */
    static final String QUERY_TOKEN = "it-query-token";

    @TempDir
    Path stateDir;

    @Test
    void eventsInGiveScoresTransitionsAndAlertsOutAndAPoisonRecordGoesToTheDeadLetterTopic(LocalStack stack) throws Exception {
        stack.provision();
        String bootstrap = stack.kafka().bootstrapServers();
        Topics topics = Topics.create(TopicNames.defaults(), stack.registryClient(), true);
        String account = "it-" + UUID.randomUUID();
        String grower = "it-grower-" + UUID.randomUUID();
        int httpPort = freePort();
        Map<String, String> config = Map.of(
                "micronaut.server.port", Integer.toString(httpPort),
                "kafka.bootstrap.servers", bootstrap,
                "schema.registry.url", stack.registry().confluentUrl(),
                "scoring.application-id", "scoring-it-" + UUID.randomUUID(),
                "kafka.state.dir", stateDir.toString(),
                "kafka.commit.interval.ms", "100",
                "scoring.http.token", QUERY_TOKEN);
        try (ScoringInstance service = ScoringInstance.start(config);
             OutputCollector out = new OutputCollector(bootstrap, List.of(topics.healthScores().name(),
                     topics.healthScoresLatest().name(), topics.levelTransitions().name(),
                     topics.churnRiskAlerts().name(), topics.expansionOpportunities().name(),
                     topics.dlqOf(topics.usageEvents()).name()))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> service.state() == KafkaStreams.State.RUNNING);

            // When a profile, a promoter answer, a failed payment and a poison record arrive
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            byte[] poison = "not avro".getBytes(StandardCharsets.UTF_8);
            try (KafkaProducer<String, Object> producer = producer(bootstrap, topics)) {
                send(producer, topics.accountProfiles().name(), account, AccountProfile.newBuilder().setAccountId(account)
                        .setSegment("smb").setCoverageModel(CoverageModel.TECH_TOUCH).setCsmOwnerEmail("csm@example.com")
                        .setUpdatedAt(now).setSource("it").build());
                send(producer, topics.accountSignals().name(), account, signal(account, SignalType.NPS_ANSWER, now)
                        .setNpsScore(10).build());
                send(producer, topics.accountSignals().name(), account, signal(account, SignalType.PAYMENT_FAILED, now)
                        .build());
                // And an account of one seat that two users log in to
                send(producer, topics.accountProfiles().name(), grower, AccountProfile.newBuilder().setAccountId(grower)
                        .setSeats(1).setSegment("it-growth").setUpdatedAt(now).setSource("it").build());
                for (String user : List.of("u1", "u2")) {
                    send(producer, topics.usageEvents().name(), grower, UsageEvent.newBuilder()
                            .setMessageId(UUID.randomUUID().toString()).setAccountId(grower).setUserId(user)
                            .setType(UsageEventType.LOGIN).setOccurredAt(now).setReceivedAt(now).setSource("it")
                            .build());
                }
            }
            try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
                raw.send(new ProducerRecord<>(topics.usageEvents().name(), account.getBytes(StandardCharsets.UTF_8),
                        poison)).get();
            }

            // Then scores 100 then 75, LV4 -> LV3, LEVEL_DOWN and PAYMENT_FAILED, decoded through the registry
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(out.values(topics.healthScores().name(), topics.healthScores().valueSerde().deserializer(),
                        account::equals)).extracting(HealthScore::getScore, HealthScore::getLevel)
                        .containsExactly(tuple(100.0, HealthLevel.LV4), tuple(75.0, HealthLevel.LV3));
                assertThat(out.values(topics.levelTransitions().name(),
                        topics.levelTransitions().valueSerde().deserializer(), account::equals))
                        .extracting(LevelTransition::getFromLevel, LevelTransition::getToLevel)
                        .containsExactly(tuple(HealthLevel.LV4, HealthLevel.LV3));
                assertThat(out.values(topics.churnRiskAlerts().name(),
                        topics.churnRiskAlerts().valueSerde().deserializer(), account::equals))
                        .extracting(ChurnRiskAlert::getRule, ChurnRiskAlert::getSeverity)
                        .containsExactly(tuple(AlertRule.LEVEL_DOWN, Severity.SUSPECTED),
                                tuple(AlertRule.PAYMENT_FAILED, Severity.SUSPECTED));
                assertThat(out.values(topics.expansionOpportunities().name(),
                        topics.expansionOpportunities().valueSerde().deserializer(),
                        k -> k.equals(account) || k.equals(grower)))
                        .extracting(ExpansionOpportunity::getAccountId, ExpansionOpportunity::getKind,
                                ExpansionOpportunity::getActiveUsers, ExpansionOpportunity::getSeats)
                        .containsExactly(tuple(grower, ExpansionKind.SEATS_EXCEEDED, 2, 1));
                assertThat(out.values(topics.healthScoresLatest().name(),
                        topics.healthScoresLatest().valueSerde().deserializer(), account::equals)).hasSize(2);
                List<ConsumerRecord<byte[], byte[]>> dead = out.raw(topics.dlqOf(topics.usageEvents()).name(),
                        account::equals);
                assertThat(dead).singleElement().satisfies(r -> {
                    assertThat(r.value()).isEqualTo(poison);
                    assertThat(new String(r.headers().lastHeader("dlq.source.topic").value(), StandardCharsets.UTF_8))
                            .isEqualTo("usage-events");
                    assertThat(new String(r.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
                            .startsWith("undecodable record");
                });
            });
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);

            // And the queries answer from the store
            String base = "http://127.0.0.1:" + httpPort;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> health = get(base + "/accounts/" + account + "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"score\":75.0", "\"level\":\"LV3\"",
                        "\"from\":\"LV4\",\"to\":\"LV3\",\"direction\":\"DOWN\"", "\"PAYMENT\":50.0");
            });
            assertThat(get(base + "/accounts/nobody-" + account + "/health").statusCode()).isEqualTo(404);
            HttpResponse<String> levels = get(base + "/levels?segment=smb");
            assertThat(levels.statusCode()).isEqualTo(200);
            assertThat(levels.body()).contains("\"levels\":{\"LV1\":0,\"LV2\":0,\"LV3\":1,\"LV4\":0}");
        }
    }

    static HttpResponse<String> get(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + QUERY_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static AccountSignal.Builder signal(String account, SignalType type, Instant at) {
        return AccountSignal.newBuilder().setMessageId(UUID.randomUUID().toString()).setAccountId(account).setType(type)
                .setOccurredAt(at).setReceivedAt(at).setSource("it");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static KafkaProducer<String, Object> producer(String bootstrap, Topics topics) {
        // One producer for all three input topics: the value serializer picks the topic's serde by topic name.
        Map<String, org.apache.kafka.common.serialization.Serializer> byTopic = Map.of(
                topics.usageEvents().name(), topics.usageEvents().valueSerde().serializer(),
                topics.accountSignals().name(), topics.accountSignals().valueSerde().serializer(),
                topics.accountProfiles().name(), topics.accountProfiles().valueSerde().serializer());
        org.apache.kafka.common.serialization.Serializer<Object> values =
                (topic, value) -> byTopic.get(topic).serialize(topic, value);
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new org.apache.kafka.common.serialization.StringSerializer(), values);
    }

    static void send(KafkaProducer<String, Object> producer, String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
}
