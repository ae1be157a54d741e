package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.Severity;
import io.healthscore.schemas.Topic;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Poison records written straight into every topic the alert service reads (churn-risk-alerts, level-transitions,
 * health-scores, account-profiles), on the embedded broker: a wrong magic byte, an unknown schema id, truncated
 * Avro, trailing bytes, the framing and schema id of another subject's schema and an empty value each land in
 * {@code <topic>-dlq} with their original key and bytes and the {@code dlq.*} headers, and the next record of the
 * same partition is stored. A record without key is no error here (the service takes the account from the value),
 * and a tombstone is skipped (on account-profiles it deletes the profile). {@link FailureHandlingIT} covers
 * invalid ids inside decodable alerts.
 */
@ExtendWith(LocalStackExtension.class)
class PoisonRecordsIT {

    private static final String SERDE = "io.healthscore.schemas.serde.";

    /** The kinds of poison and the error class their dead letter names (null: not dead-lettered). */
    enum Kind {
        WRONG_MAGIC_BYTE(SERDE + "UnknownMagicByteException"),
        UNKNOWN_SCHEMA_ID(SERDE + "UnknownSchemaIdException"),
        TRUNCATED_AVRO(SERDE + "MalformedAvroPayloadException"),
        TRAILING_BYTES(SERDE + "MalformedAvroPayloadException"),
        OTHER_SUBJECTS_SCHEMA(SERDE + "IncompatibleWriterSchemaException"),
        EMPTY_VALUE(SERDE + "MalformedAvroPayloadException"),
        NULL_KEY(null),
        TOMBSTONE(null);

        final String errorClass;

        Kind(String errorClass) {
            this.errorClass = errorClass;
        }
    }

    /** An input topic: a valid record of an account, another subject's record, and where a stored one shows. */
    private record Input(Topic<String, ?> topic, Function<String, byte[]> valid, Function<String, byte[]> otherSubject,
                         String storedCount) {
    }

    private record Sent(Input input, Kind kind, String account, byte[] key, byte[] value) {
    }

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "poison_it", Map.of());
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void poisonInEveryInputTopicIsDeadLetteredWithItsReasonAndTheNextRecordIsStored() {
        var t = service.topics;
        Function<String, byte[]> alert = account -> bytes(t.churnRiskAlerts(), Records.alert("alert-" + account, account,
                AlertRule.OTHER, Severity.SUSPECTED, CoverageModel.LOW_TOUCH).build());
        Function<String, byte[]> transition = account -> bytes(t.levelTransitions(), transition(account));
        Function<String, byte[]> score = account -> bytes(t.healthScores(), Records.score(account, 41.0, Records.T0));
        Function<String, byte[]> profile = account -> bytes(t.accountProfiles(), Records.profile(account, "Poison Co",
                CoverageModel.LOW_TOUCH, "csm@example.com", null, null));
        List<Input> inputs = List.of(
                new Input(t.churnRiskAlerts(), alert, score, "SELECT count(*) FROM alerts WHERE account_id = ?"),
                new Input(t.levelTransitions(), transition, alert,
                        "SELECT count(*) FROM level_transitions WHERE account_id = ?"),
                new Input(t.healthScores(), score, transition, "SELECT count(*) FROM health_scores WHERE account_id = ?"),
                new Input(t.accountProfiles(), profile, score,
                        "SELECT count(*) FROM account_profiles WHERE account_id = ?"));

        // Given, for each input topic and each kind, an account whose poison record is followed by a valid one
        List<Sent> sent = new ArrayList<>();
        for (Input input : inputs) {
            for (Kind kind : Kind.values()) {
                String account = "acct-" + input.topic().name().substring("poison_it-".length()) + "-"
                        + kind.name().toLowerCase(Locale.ROOT);
                byte[] key = account.getBytes(StandardCharsets.UTF_8);
                byte[] valid = input.valid().apply(account);
                byte[] poison = switch (kind) {
                    case WRONG_MAGIC_BYTE -> withFirstByte(valid);
                    case UNKNOWN_SCHEMA_ID -> withSchemaId(valid, 0x7f7f7f7f);
                    case TRUNCATED_AVRO -> Arrays.copyOf(valid, 5 + (valid.length - 5) / 2);
                    case TRAILING_BYTES -> concat(valid, new byte[]{1, 2, 3});
                    case OTHER_SUBJECTS_SCHEMA -> input.otherSubject().apply(account);
                    case EMPTY_VALUE -> new byte[0];
                    case NULL_KEY -> valid;
                    case TOMBSTONE -> null;
                };
                Sent poisoned = new Sent(input, kind, account, kind == Kind.NULL_KEY ? null : key, poison);
                service.sendRaw(input.topic().name(), poisoned.key() == null ? null : account, poison);
                service.sendRaw(input.topic().name(), account, valid);
                sent.add(poisoned);
            }
        }

        // Then the record after each poison is stored
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (Sent s : sent) {
                assertThat(sql.count(s.input().storedCount(), s.account())).as(s.input().topic().name() + " " + s.kind())
                        .isPositive();
            }
        });
        // And each poison is in its topic's dead-letter topic with the shared headers; no other record is
        Map<String, List<ConsumerRecord<byte[], byte[]>>> dead = new LinkedHashMap<>();
        for (Input input : inputs) {
            String dlq = t.dlqOf(input.topic()).name();
            dead.put(input.topic().name(), TopicReader.readAll(service.stack.kafka().bootstrapServers(), dlq));
        }
        for (Sent s : sent) {
            List<ConsumerRecord<byte[], byte[]>> mine = dead.get(s.input().topic().name()).stream()
                    .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(s.account()))
                    .toList();
            String what = s.input().topic().name() + " " + s.kind();
            if (s.kind().errorClass == null) {
                assertThat(mine).as(what).isEmpty();
                continue;
            }
            assertThat(mine).as(what).singleElement().satisfies(r -> {
                assertThat(r.value()).isEqualTo(s.value());
                assertThat(header(r, "dlq.error.class")).isEqualTo(s.kind().errorClass);
                assertThat(header(r, "dlq.reason")).isNotBlank();
                assertThat(header(r, "dlq.source.topic")).isEqualTo(s.input().topic().name());
                assertThat(header(r, "dlq.source.partition")).matches("\\d+");
                assertThat(header(r, "dlq.source.offset")).matches("\\d+");
                assertThat(OffsetDateTime.parse(header(r, "dlq.failed.at"))).isNotNull();
            });
        }
        assertThat(dead.values().stream().mapToInt(List::size).sum()).as("dead letters in all")
                .isEqualTo(sent.stream().filter(s -> s.kind().errorClass != null).count());
        // And the intake is still running
        assertThat(service.context().getBean(io.healthscore.alert.intake.IntakeListener.class).isRunning()).isTrue();
    }

    private static LevelTransition transition(String account) {
        return LevelTransition.newBuilder().setAccountId(account).setFromLevel(HealthLevel.LV3)
                .setToLevel(HealthLevel.LV2).setDirection(Direction.DOWN).setScore(55.0).setReasons(List.of("fell"))
                .setModelVersion("v1").setTransitionedAt(Records.T0).build();
    }

    @SuppressWarnings("unchecked")
    private static <V> byte[] bytes(Topic<String, V> topic, Object value) {
        return topic.valueSerde().serializer().serialize(topic.name(), (V) value);
    }

    private static byte[] withFirstByte(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[0] = 1;
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

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
