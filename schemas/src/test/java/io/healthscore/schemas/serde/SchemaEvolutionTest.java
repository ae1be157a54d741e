package io.healthscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.schemas.registry.IncompatibleSchemaException;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Records written by producers on other schema versions, as they appear on a topic during a rolling upgrade.
 */
class SchemaEvolutionTest {

    private static final String SUBJECT = "usage-events-value";
    private static final Schema V0 = load("UsageEvent-v0.avsc");
    private static final Schema V2_NEWER_PRODUCER = load("UsageEvent-v2-newer-producer.avsc");
    private static final Schema NEW_REQUIRED_FIELD = load("UsageEvent-new-required-field.avsc");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void aRecordWrittenWithAnOlderSchemaIsReadWithTheDefaultsOfTheFieldsAddedSince() {
        // Given
        int id = registry.register(SUBJECT, V0);
        GenericRecord old = new GenericRecordBuilder(V0)
                .set("messageId", "m-0").set("accountId", "acme")
                .set("type", new GenericData.EnumSymbol(V0.getField("type").schema(), "FEATURE_USED"))
                .set("feature", "export")
                .set("occurredAt", 1_700_000_000_000L).set("receivedAt", 1_700_000_000_250L)
                .set("source", "legacy-app")
                .build();
        AvroDeserializer<UsageEvent> deserializer = new AvroDeserializer<>(registry, UsageEvent.class);

        // When
        UsageEvent read = deserializer.deserialize("usage-events", WireFormat.frame(id, avroBinary(V0, old)));

        // Then
        assertThat(read).isEqualTo(UsageEvent.newBuilder()
                .setMessageId("m-0").setAccountId("acme").setUserId(null).setType(UsageEventType.FEATURE_USED)
                .setFeature("export").setOnboardingStep(null)
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setReceivedAt(Instant.ofEpochMilli(1_700_000_000_250L))
                .setSource("legacy-app").setProperties(Map.of())
                .build());
    }

    @Test
    void aDeserializerWithoutFixedTypeAlsoReadsTheOlderRecordIntoTheGeneratedClass() {
        // Given
        int id = registry.register(SUBJECT, V0);
        GenericRecord old = new GenericRecordBuilder(V0)
                .set("messageId", "m-0").set("accountId", "acme")
                .set("type", new GenericData.EnumSymbol(V0.getField("type").schema(), "LOGIN"))
                .set("occurredAt", 0L).set("receivedAt", 0L).set("source", "legacy-app")
                .build();
        String scope = "evolution-untyped";
        InMemorySchemaRegistryClient.forScope(scope).register(SUBJECT, V0);
        try (AvroDeserializer<SpecificRecord> untyped = new AvroDeserializer<>()) {
            untyped.configure(Map.of("schema.registry.url", "mem://" + scope), false);

            // When
            SpecificRecord read = untyped.deserialize("usage-events", WireFormat.frame(id, avroBinary(V0, old)));

            // Then
            assertThat(read).isInstanceOfSatisfying(UsageEvent.class, event -> {
                assertThat(event.getType()).isEqualTo(UsageEventType.LOGIN);
                assertThat(event.getProperties()).isEmpty();
            });
        } finally {
            InMemorySchemaRegistryClient.dropScope(scope);
        }
    }

    @Test
    void aRecordFromANewerProducerIsReadWithUnknownEventTypesAsOtherAndUnknownFieldsSkipped() {
        // Given
        int id = registry.register("producer-v2", V2_NEWER_PRODUCER);
        GenericRecord newer = new GenericRecordBuilder(V2_NEWER_PRODUCER)
                .set("messageId", "m-2").set("accountId", "acme").set("userId", "u1")
                .set("type", new GenericData.EnumSymbol(V2_NEWER_PRODUCER.getField("type").schema(), "REPORT_EXPORTED"))
                .set("sessionId", "s-9").set("feature", "reports").set("onboardingStep", null)
                .set("occurredAt", 5L).set("receivedAt", 6L).set("tags", List.of("a", "b"))
                .set("source", "web").set("properties", Map.of("k", "v"))
                .set("durations", Map.of("render", 120L, "load", 80L))
                .build();
        AvroDeserializer<UsageEvent> deserializer = new AvroDeserializer<>(registry, UsageEvent.class);

        // When
        UsageEvent read = deserializer.deserialize("usage-events",
                WireFormat.frame(id, avroBinary(V2_NEWER_PRODUCER, newer)));

        // Then
        assertThat(read.getType()).isEqualTo(UsageEventType.OTHER);
        assertThat(read.getSource()).isEqualTo("web");
        assertThat(read.getProperties()).containsExactly(Map.entry("k", "v"));
        assertThat(read.getReceivedAt()).isEqualTo(Instant.ofEpochMilli(6));
    }

    @Test
    void theCurrentSchemaMayFollowTheOlderOneUnderBackwardCompatibility() {
        // Given
        registry.register(SUBJECT, V0);

        // When
        int id = registry.register(SUBJECT, UsageEvent.getClassSchema());

        // Then
        assertThat(registry.versions(SUBJECT)).containsExactly(1, 2);
        assertThat(id).isEqualTo(2);
    }

    @Test
    void aNewFieldWithoutDefaultIsRefusedUnderBackwardCompatibility() {
        // Given
        registry.register(SUBJECT, V0);
        registry.register(SUBJECT, UsageEvent.getClassSchema());

        // When / Then
        assertThatThrownBy(() -> registry.register(SUBJECT, NEW_REQUIRED_FIELD))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("subject 'usage-events-value'")
                .hasMessageContaining("tenantRegion");
    }

    static Schema load(String name) {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/evolution/" + name)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] avroBinary(Schema schema, GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
