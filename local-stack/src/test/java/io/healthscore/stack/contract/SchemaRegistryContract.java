package io.healthscore.stack.contract;

import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.schemas.registry.IncompatibleSchemaException;
import io.healthscore.schemas.registry.SchemaNotFoundException;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.schemas.registry.SchemaRegistryException;
import io.healthscore.schemas.registry.SubjectNotFoundException;
import io.healthscore.schemas.serde.AvroDeserializer;
import io.healthscore.schemas.serde.AvroSerializer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What our registry client and serde must do against a real registry that speaks the Confluent REST API.
 * Run against Apicurio Registry on every build, and against Confluent Schema Registry where Docker exists.
 * Every scenario uses its own subjects, so the scenarios can share one registry.
 */
abstract class SchemaRegistryContract {

    /** Base URL of the registry's Confluent-compatible API. */
    abstract String registryUrl();

    abstract String bootstrapServers();

    private SchemaRegistryClient client() {
        return SchemaRegistryClient.create(SchemaRegistryConfig.of(registryUrl()));
    }

    private static String uniqueSubject(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
    }

    private static Schema record(String name, String... fieldsWithoutDefault) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(name).namespace("contract.test").fields()
                .requiredString("id");
        for (String f : fieldsWithoutDefault) {
            fields = fields.requiredString(f);
        }
        return fields.endRecord();
    }

    private static Schema withOptionalField(Schema base, String field) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(base.getName()).namespace(base.getNamespace()).fields();
        for (Schema.Field f : base.getFields()) {
            fields = fields.name(f.name()).type(f.schema()).noDefault();
        }
        return fields.optionalString(field).endRecord();
    }

    @Test
    void registeringReturnsAnIdUnderWhichTheSameSchemaCanBeFetched() {
        String subject = uniqueSubject("register");
        Schema schema = record("Registered");
        int id;
        try (SchemaRegistryClient client = client()) {
            id = client.register(subject, schema);
        }
        assertThat(id).isPositive();

        // A fresh client has nothing cached: the registry itself answers.
        try (SchemaRegistryClient fresh = client()) {
            assertThat(fresh.schemaById(id)).isEqualTo(schema);
            assertThat(fresh.versions(subject)).hasSize(1);
            assertThat(fresh.subjects()).contains(subject);
        }
    }

    @Test
    void theSameSchemaRegisteredTwiceKeepsItsId() {
        String subject = uniqueSubject("twice");
        Schema schema = record("Twice");
        int first;
        try (SchemaRegistryClient client = client()) {
            first = client.register(subject, schema);
        }
        // Fresh clients have no cache, so the registry itself must answer with the same id.
        try (SchemaRegistryClient fresh = client()) {
            assertThat(fresh.register(subject, schema)).isEqualTo(first);
        }
        try (SchemaRegistryClient fresh = client()) {
            assertThat(fresh.lookupId(subject, schema)).isEqualTo(first);
            assertThat(fresh.versions(subject)).hasSize(1);
        }
    }

    @Test
    void anIncompatibleSchemaIsRejectedUnderBackwardCompatibility() {
        try (SchemaRegistryClient client = client()) {
            // Given a subject checked for BACKWARD compatibility with one version
            String subject = uniqueSubject("incompatible");
            client.setSubjectCompatibility(subject, "BACKWARD");
            Schema v1 = record("Evolving");
            client.register(subject, v1);

            // When a new field with a default is added, then that is accepted
            Schema v2 = withOptionalField(v1, "note");
            assertThat(client.isCompatible(subject, v2)).isTrue();
            assertThat(client.register(subject, v2)).isPositive();

            // When a new field without a default is added, then the registry refuses it (HTTP 409)
            Schema v3 = record("Evolving", "mandatory");
            assertThat(client.isCompatible(subject, v3)).isFalse();
            assertThatThrownBy(() -> client.register(subject, v3))
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageContaining(subject)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
            assertThat(client.versions(subject)).hasSize(2);
        }
    }

    @Test
    void subjectCompatibilityCanBeSetAndReadBack() {
        try (SchemaRegistryClient client = client()) {
            String subject = uniqueSubject("config");
            client.register(subject, record("Configured"));

            client.setSubjectCompatibility(subject, "FULL");

            assertThat(client.subjectCompatibility(subject)).contains("FULL");
        }
    }

    @Test
    void lookingUpAnUnknownSubjectOrSchemaOrIdFailsWithASpecificError() {
        try (SchemaRegistryClient client = client()) {
            String subject = uniqueSubject("lookup");
            client.register(subject, record("Known"));

            assertThatThrownBy(() -> client.lookupId(uniqueSubject("never-registered"), record("Known")))
                    .isInstanceOf(SubjectNotFoundException.class);
            assertThatThrownBy(() -> client.lookupId(subject, record("Unknown")))
                    .isInstanceOf(SchemaNotFoundException.class)
                    .hasMessageContaining(subject);
            assertThatThrownBy(() -> client.schemaById(987_654_321))
                    .isInstanceOf(SchemaNotFoundException.class)
                    .hasMessageContaining("987654321");
        }
    }

    @Test
    void recordsOnTheWireCarryMagicByteZeroAndTheRegisteredIdAndReadBackEqual() throws Exception {
        String topic = "contract-usage-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(topic);
        UsageEvent event = UsageEvent.newBuilder()
                .setMessageId("m-1").setAccountId("acct-1").setUserId("u-1").setType(UsageEventType.FEATURE_USED)
                .setFeature("reports").setOnboardingStep(null)
                .setOccurredAt(Instant.parse("2026-11-01T10:15:30Z")).setReceivedAt(Instant.parse("2026-11-01T10:15:31Z"))
                .setSource("web").setProperties(Map.of("plan", "pro")).build();

        try (SchemaRegistryClient client = client()) {
            // When the serializer writes an event to Kafka
            try (KafkaProducer<String, UsageEvent> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new AvroSerializer<>(client, true))) {
                producer.send(new ProducerRecord<>(topic, "acct-1", event)).get();
            }

            // Then the bytes on the topic are in the Confluent wire format with the id the registry gave the subject
            byte[] raw = readOne(topic);
            int registeredId;
            try (SchemaRegistryClient fresh = client()) {
                registeredId = fresh.lookupId(topic + "-value", UsageEvent.getClassSchema());
            }
            assertThat(raw[0]).isZero();
            assertThat(ByteBuffer.wrap(raw, 1, 4).getInt()).isEqualTo(registeredId);

            // And a fresh deserializer (no cache) reads the same event back through the registry
            try (SchemaRegistryClient fresh = client()) {
                UsageEvent read = new AvroDeserializer<>(fresh, UsageEvent.class).deserialize(topic, raw);
                assertThat(read).isEqualTo(event);
            }
        }
    }

    private void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private byte[] readOne(String topic) {
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "contract-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        assertThat(values).as("records read from %s", topic).hasSize(1);
        return values.get(0);
    }
}
