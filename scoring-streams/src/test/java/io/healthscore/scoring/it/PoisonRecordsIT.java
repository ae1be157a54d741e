package io.healthscore.scoring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;


import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
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
 * Poison records written straight into each input topic of the scoring application, on the embedded broker: a
 * wrong magic byte, an unknown schema id, truncated Avro, trailing bytes, the framing and schema id of another
 * subject's schema, an empty value and a valid value without key (where the broker takes one: account-profiles is
 * compacted, so it refuses keyless records itself) each land in {@code <topic>-dlq} with their
 * original key and bytes and the {@code dlq.*} headers, and so does a valid record with a value out of its
 * bounds (a time at Long.MIN_VALUE or before 1970, a renewal date in the year -5000); a tombstone on usage-events
 * or account-signals is skipped (a null value carries no event; on account-profiles it forgets the profile). After every one of them the next
 * record of the same account is still scored.
 */
@ExtendWith(LocalStackExtension.class)
class PoisonRecordsIT {

    private static final String SERDE = "io.healthscore.schemas.serde.";

    /** The kinds of poison, with the error class the dead letter must name (null: not dead-lettered). */
    enum Kind {
        WRONG_MAGIC_BYTE(SERDE + "UnknownMagicByteException"),
        UNKNOWN_SCHEMA_ID(SERDE + "UnknownSchemaIdException"),
        TRUNCATED_AVRO(SERDE + "MalformedAvroPayloadException"),
        TRAILING_BYTES(SERDE + "MalformedAvroPayloadException"),
        OTHER_SUBJECTS_SCHEMA(SERDE + "IncompatibleWriterSchemaException"),
        EMPTY_VALUE(SERDE + "MalformedAvroPayloadException"),
        NULL_KEY("io.healthscore.scoring.topology.InputRejectedException"),
        OUT_OF_RANGE("io.healthscore.scoring.topology.InputRejectedException"),
        TOMBSTONE(null);

        final String errorClass;

        Kind(String errorClass) {
            this.errorClass = errorClass;
        }
    }

    /** One poison record sent, and the account whose next record must still be scored. */
    record Sent(String topic, Kind kind, String account, byte[] key, byte[] value) {
    }

    @TempDir
    Path stateDir;

    @Test
    void poisonInEveryInputTopicIsDeadLetteredWithItsReasonAndTheNextRecordIsScored(LocalStack stack) throws Exception {
        stack.provision();
        String bootstrap = stack.kafka().bootstrapServers();
        Topics topics = Topics.create(TopicNames.defaults(), stack.registryClient(), true);
        String run = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        int httpPort = ScoringPipelineIT.freePort();
        Map<String, String> config = Map.of(
                "micronaut.server.port", Integer.toString(httpPort),
                "scoring.http.token", ScoringPipelineIT.QUERY_TOKEN,
                "kafka.bootstrap.servers", bootstrap,
                "schema.registry.url", stack.registry().confluentUrl(),
                "scoring.application-id", "scoring-" + run,
                "kafka.state.dir", stateDir.toString(),
                "kafka.commit.interval.ms", "100");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // What a good record of each input looks like, and another subject's record for the "wrong schema" kind.
        Map<String, Function<String, byte[]>> good = Map.of(
                topics.usageEvents().name(), account -> topics.usageEvents().valueSerde().serializer()
                        .serialize(topics.usageEvents().name(), login(account, now)),
                topics.accountSignals().name(), account -> topics.accountSignals().valueSerde().serializer()
                        .serialize(topics.accountSignals().name(), promoter(account, now)),
                topics.accountProfiles().name(), account -> topics.accountProfiles().valueSerde().serializer()
                        .serialize(topics.accountProfiles().name(), profile(account, "seg-" + account, now)));
        // Valid Avro with one value out of bounds: an occurredAt at Long.MIN_VALUE millis, a receivedAt before 1970
        // (a negative record time, which Kafka Streams would drop unseen), a renewal date in the year -5000.
        Map<String, Function<String, byte[]>> outOfRange = Map.of(
                topics.usageEvents().name(), account -> topics.usageEvents().valueSerde().serializer()
                        .serialize(topics.usageEvents().name(), UsageEvent.newBuilder(login(account, now))
                                .setOccurredAt(Instant.ofEpochMilli(Long.MIN_VALUE)).build()),
                topics.accountSignals().name(), account -> topics.accountSignals().valueSerde().serializer()
                        .serialize(topics.accountSignals().name(), AccountSignal.newBuilder(promoter(account, now))
                                .setReceivedAt(Instant.parse("1950-01-01T00:00:00Z")).build()),
                topics.accountProfiles().name(), account -> topics.accountProfiles().valueSerde().serializer()
                        .serialize(topics.accountProfiles().name(), AccountProfile.newBuilder(profile(account, "seg-" + account, now))
                                .setRenewalDate(LocalDate.of(-5000, 1, 1)).build()));
        Map<String, String> outOfRangeReason = Map.of(topics.usageEvents().name(), "occurredAt ",
                topics.accountSignals().name(), "occurredAt ", topics.accountProfiles().name(), "renewalDate ");
        Map<String, Function<String, byte[]>> otherSubject = Map.of(
                topics.usageEvents().name(), good.get(topics.accountSignals().name()),
                topics.accountSignals().name(), good.get(topics.usageEvents().name()),
                topics.accountProfiles().name(), account -> topics.levelTransitions().valueSerde().serializer()
                        .serialize(topics.levelTransitions().name(), transition(account, now)));
        List<String> inputs = List.of(topics.usageEvents().name(), topics.accountSignals().name(),
                topics.accountProfiles().name());
        List<String> dlqs = inputs.stream().map(t -> t + TopicNames.defaults().dlqSuffix()).toList();

        try (ScoringInstance service = ScoringInstance.start(config);
             OutputCollector out = new OutputCollector(bootstrap, concat(dlqs, topics.healthScores().name()));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> service.state() == KafkaStreams.State.RUNNING);

            // Given, for each input topic and each kind of poison, an account whose poison is followed by a good record
            List<Sent> sent = new ArrayList<>();
            for (String topic : inputs) {
                for (Kind kind : Kind.values()) {
                    if (kind == Kind.NULL_KEY && topic.equals(topics.accountProfiles().name())) {
                        continue; // the broker refuses a record without key on a compacted topic
                    }
                    String account = run + "-" + topic + "-" + kind.name().toLowerCase(Locale.ROOT);
                    byte[] key = account.getBytes(StandardCharsets.UTF_8);
                    if (topic.equals(topics.accountProfiles().name())) {
                        // A profile alone gives no score: a promoter answer first, so the account has one to query.
                        send(producer, topics.accountSignals().name(), key, good.get(topics.accountSignals().name()).apply(account));
                    }
                    byte[] valid = good.get(topic).apply(account);
                    Sent poison = switch (kind) {
                        case WRONG_MAGIC_BYTE -> new Sent(topic, kind, account, key, withFirstByte(valid, (byte) 1));
                        case UNKNOWN_SCHEMA_ID -> new Sent(topic, kind, account, key, withSchemaId(valid, 0x7f7f7f7f));
                        case TRUNCATED_AVRO -> new Sent(topic, kind, account, key,
                                Arrays.copyOf(valid, 5 + (valid.length - 5) / 2));
                        case TRAILING_BYTES -> new Sent(topic, kind, account, key, concat(valid, new byte[]{1, 2, 3}));
                        case OTHER_SUBJECTS_SCHEMA -> new Sent(topic, kind, account, key,
                                otherSubject.get(topic).apply(account));
                        case EMPTY_VALUE -> new Sent(topic, kind, account, key, new byte[0]);
                        case NULL_KEY -> new Sent(topic, kind, account, null, valid);
                        case OUT_OF_RANGE -> new Sent(topic, kind, account, key, outOfRange.get(topic).apply(account));
                        case TOMBSTONE -> new Sent(topic, kind, account, key, null);
                    };
                    send(producer, topic, poison.key(), poison.value());
                    send(producer, topic, key, valid);
                    sent.add(poison);
                }
            }

            // Then every poison record is in its topic's dead-letter topic (the tombstones in none)
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                List<ConsumerRecord<byte[], byte[]>> read = out.poll();
                for (Sent poison : sent) {
                    if (poison.kind().errorClass != null) {
                        assertThat(deadLetters(read, poison)).as(poison.topic() + " " + poison.kind()).isNotEmpty();
                    }
                }
            });
            List<ConsumerRecord<byte[], byte[]>> read = out.poll();
            for (Sent poison : sent) {
                List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(read, poison);
                if (poison.kind().errorClass == null) {
                    assertThat(dead).as(poison.topic() + " " + poison.kind()).isEmpty();
                    continue;
                }
                // And each carries the shared dead-letter headers
                assertThat(dead).as(poison.topic() + " " + poison.kind()).singleElement().satisfies(r -> {
                    assertThat(header(r, "dlq.error.class")).isEqualTo(poison.kind().errorClass);
                    assertThat(header(r, "dlq.reason")).isNotBlank();
                    if (poison.kind() == Kind.OUT_OF_RANGE) {
                        assertThat(header(r, "dlq.reason")).startsWith(outOfRangeReason.get(poison.topic()));
                    }
                    assertThat(header(r, "dlq.source.topic")).isEqualTo(poison.topic());
                    assertThat(header(r, "dlq.source.partition")).matches("\\d+");
                    assertThat(header(r, "dlq.source.offset")).matches("\\d+");
                    assertThat(OffsetDateTime.parse(header(r, "dlq.failed.at"))).isNotNull();
                });
            }
            // And the record after each poison was scored: usage and signals give a score, profiles show in the query
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<ConsumerRecord<byte[], byte[]>> scores = out.poll().stream()
                        .filter(r -> r.topic().equals(topics.healthScores().name())).toList();
                for (Sent poison : sent) {
                    if (poison.topic().equals(topics.accountProfiles().name())) {
                        var health = ScoringPipelineIT.get("http://127.0.0.1:" + httpPort + "/accounts/" + poison.account()
                                + "/health");
                        assertThat(health.statusCode()).as(poison.account()).isEqualTo(200);
                        assertThat(health.body()).as(poison.account()).contains("\"segment\":\"seg-" + poison.account() + "\"");
                    } else {
                        assertThat(scores).as(poison.account()).anyMatch(r -> r.key() != null
                                && new String(r.key(), StandardCharsets.UTF_8).equals(poison.account()));
                    }
                }
            });
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(List<ConsumerRecord<byte[], byte[]>> read, Sent poison) {
        return read.stream()
                .filter(r -> r.topic().equals(poison.topic() + TopicNames.defaults().dlqSuffix()))
                .filter(r -> Arrays.equals(r.key(), poison.key()) && Arrays.equals(r.value(), poison.value()))
                .filter(r -> poison.key() != null || Objects.equals(header(r, "dlq.source.topic"), poison.topic()))
                .toList();
    }

    private static UsageEvent login(String account, Instant at) {
        return UsageEvent.newBuilder().setMessageId(UUID.randomUUID().toString()).setAccountId(account)
                .setUserId("u-1").setType(UsageEventType.LOGIN).setOccurredAt(at).setReceivedAt(at).setSource("it")
                .build();
    }

    private static AccountSignal promoter(String account, Instant at) {
        return ScoringPipelineIT.signal(account, SignalType.NPS_ANSWER, at).setNpsScore(10).build();
    }

    private static AccountProfile profile(String account, String segment, Instant at) {
        return AccountProfile.newBuilder().setAccountId(account).setSegment(segment).setUpdatedAt(at.plusSeconds(1))
                .setSource("it").build();
    }

    private static LevelTransition transition(String account, Instant at) {
        return LevelTransition.newBuilder().setAccountId(account).setFromLevel(HealthLevel.LV3)
                .setToLevel(HealthLevel.LV2).setDirection(Direction.DOWN).setScore(55.0).setReasons(List.of())
                .setModelVersion("v1").setTransitionedAt(at).build();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private static byte[] withFirstByte(byte[] bytes, byte first) {
        byte[] copy = bytes.clone();
        copy[0] = first;
        return copy;
    }

    private static byte[] withSchemaId(byte[] bytes, int schemaId) {
        byte[] copy = bytes.clone();
        copy[1] = (byte) (schemaId >>> 24);
        copy[2] = (byte) (schemaId >>> 16);
        copy[3] = (byte) (schemaId >>> 8);
        copy[4] = (byte) schemaId;
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> out = new ArrayList<>(list);
        out.add(one);
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
