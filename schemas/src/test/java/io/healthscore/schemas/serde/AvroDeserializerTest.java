package io.healthscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.healthscore.avro.HealthScore;
import io.healthscore.avro.UsageEvent;
import io.healthscore.schemas.SampleRecords;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import io.healthscore.schemas.registry.RegistryUnavailableException;
import io.healthscore.schemas.registry.SchemaNotFoundException;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroDeserializerTest {

    private static final String TOPIC = "usage-events";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroDeserializer<UsageEvent> deserializer = new AvroDeserializer<>(registry, UsageEvent.class);

    @Test
    void nullBytesAreATombstone() {
        // When / Then
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void emptyBytesAreMalformedNotATombstone() {
        // Compaction deletes only on a null value, and Confluent's deserializer rejects empty input too.
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[0]))
                .isInstanceOf(MalformedAvroPayloadException.class)
                .hasMessageContaining("'usage-events'")
                .hasMessageContaining("empty");
    }

    @Test
    void bytesTooShortForTheHeaderAreMalformed() {
        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(MalformedAvroPayloadException.class)
                .hasMessage("Record on topic 'usage-events' (partition/offset unknown) is 3 bytes long, shorter than "
                        + "the 5-byte Confluent header (magic byte and schema id)");
    }

    @Test
    void bytesWithoutTheMagicByteAreRejectedNamingTheByteFound() {
        // Given a JSON value where Avro was expected
        byte[] json = "{\"messageId\": \"m-1\"}".getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, json))
                .isInstanceOf(UnknownMagicByteException.class)
                .hasMessage("Record on topic 'usage-events' (partition/offset unknown) starts with magic byte 0x7b, "
                        + "expected 0x00: not in the Confluent wire format");
    }

    @Test
    void anIdTheRegistryDoesNotKnowIsRejectedNamingTheId() {
        // Given
        byte[] bytes = WireFormat.frame(999, new byte[] {2, 0x6d});

        // When
        UnknownSchemaIdException e = catchThrowableOfType(UnknownSchemaIdException.class,
                () -> deserializer.deserialize(TOPIC, bytes));

        // Then
        assertThat(e).hasCauseInstanceOf(SchemaNotFoundException.class)
                .hasMessageStartingWith("Record on topic 'usage-events' (partition/offset unknown) names schema id "
                        + "999, which the schema registry does not know");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void aTruncatedRecordIsMalformed() {
        // Given
        byte[] whole = serialize(SampleRecords.fullUsageEvent());
        byte[] truncated = Arrays.copyOf(whole, whole.length - 3);

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, truncated))
                .isInstanceOf(MalformedAvroPayloadException.class)
                .hasMessageContaining("topic 'usage-events'")
                .hasMessageContaining("schema id " + WireFormat.readSchemaId(whole))
                .hasMessageContaining("EOFException");
    }

    @Test
    void bytesAfterTheRecordAreMalformed() {
        // Given
        byte[] whole = serialize(SampleRecords.minimalUsageEvent());
        byte[] withTrailingByte = Arrays.copyOf(whole, whole.length + 1);

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, withTrailingByte))
                .isInstanceOf(MalformedAvroPayloadException.class)
                .hasMessageContaining("topic 'usage-events'")
                .hasMessageContaining("1 trailing bytes");
    }

    @Test
    void aStringLengthLongerThanTheRecordIsRejectedWithoutAllocatingIt() {
        // Given a messageId declaring 0x7fffff00 bytes (zig-zag varint 80 fc ff ff 0f), which Avro's own
        // decoder would try to allocate
        int id = registry.register("usage-events-value", UsageEvent.getClassSchema());
        byte[] bytes = WireFormat.frame(id, new byte[] {(byte) 0x80, (byte) 0xfc, (byte) 0xff, (byte) 0xff, 0x0f, 0x61});

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(MalformedAvroPayloadException.class)
                .hasMessageContaining("declares 2147483392 bytes but only 1 remain");
    }

    @Test
    void aMapClaimingMoreEntriesThanTheRecordCanHoldIsRejected() {
        // Given a minimal UsageEvent whose empty properties map (last byte 00) claims 2^30 entries instead
        byte[] minimal = serialize(SampleRecords.minimalUsageEvent());
        byte[] bytes = Arrays.copyOf(minimal, minimal.length + 4);
        System.arraycopy(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}, 0, bytes,
                minimal.length - 1, 5);

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(MalformedAvroPayloadException.class)
                .hasMessageContaining("declares 1073741824 items");
    }

    @Test
    void anEnumIndexOutsideTheWriterSymbolsIsMalformed() {
        // Given a minimal UsageEvent: 02 6d | 02 61 | 00 (userId null) | type index; 0x14 is index 10 of 6 symbols
        int id = registry.register("usage-events-value", UsageEvent.getClassSchema());
        byte[] bytes = WireFormat.frame(id, new byte[] {2, 0x6d, 2, 0x61, 0, 0x14, 0, 0, 0, 0, 0, 0});

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(MalformedAvroPayloadException.class)
                .hasMessageContaining("schema id " + id);
    }

    @Test
    void aUnionBranchOutsideTheUnionIsMalformed() {
        // Given userId with branch index 2 (0x04) of the two-branch union ["null","string"]
        int id = registry.register("usage-events-value", UsageEvent.getClassSchema());
        byte[] bytes = WireFormat.frame(id, new byte[] {2, 0x6d, 2, 0x61, 0x04, 0, 0, 0, 0, 0, 0, 0});

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(MalformedAvroPayloadException.class);
    }

    @Test
    void aRecordOfAnotherTypeIsRejectedAsAnIncompatibleWriterSchema() {
        // Given a HealthScore on the usage-events topic
        AvroSerializer<HealthScore> scores = new AvroSerializer<>(registry, true);
        byte[] bytes = scores.serialize(TOPIC, SampleRecords.minimalHealthScore());

        // When
        IncompatibleWriterSchemaException e = catchThrowableOfType(IncompatibleWriterSchemaException.class,
                () -> deserializer.deserialize(TOPIC, bytes));

        // Then
        assertThat(e).hasMessageContaining("topic 'usage-events'")
                .hasMessageContaining("schema id " + WireFormat.readSchemaId(bytes))
                .hasMessageContaining("io.healthscore.avro.HealthScore")
                .hasMessageContaining("io.healthscore.avro.UsageEvent cannot read it")
                .hasMessageContaining("NAME_MISMATCH");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void withoutAFixedTypeAWriterSchemaWithNoGeneratedClassIsRejected() {
        // Given
        Schema unknown = new Schema.Parser().parse("""
                {"type": "record", "name": "Unknown", "namespace": "com.example", "fields": []}""");
        String scope = "deserializer-untyped-test";
        int id = InMemorySchemaRegistryClient.forScope(scope).register("usage-events-value", unknown);
        AvroDeserializer<SpecificRecord> untyped = new AvroDeserializer<>();
        untyped.configure(Map.of("schema.registry.url", "mem://" + scope), false);

        // When / Then
        try {
            assertThatThrownBy(() -> untyped.deserialize(TOPIC, WireFormat.frame(id, new byte[0])))
                    .isInstanceOf(IncompatibleWriterSchemaException.class)
                    .hasMessageContaining("schema id " + id)
                    .hasMessageContaining("no generated SpecificRecord class com.example.Unknown");
        } finally {
            untyped.close();
            InMemorySchemaRegistryClient.dropScope(scope);
        }
    }

    @Test
    void anUnreachableRegistryIsARetriableError() throws IOException {
        // Given
        try (SchemaRegistryClient unreachable = AvroSerializerTest.unreachableRegistry()) {
            AvroDeserializer<UsageEvent> reader = new AvroDeserializer<>(unreachable, UsageEvent.class);

            // When
            RegistryUnreachableException e = catchThrowableOfType(RegistryUnreachableException.class,
                    () -> reader.deserialize(TOPIC, WireFormat.frame(3, new byte[] {0})));

            // Then
            assertThat(e.retriable()).isTrue();
            assertThat(e).hasCauseInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("topic 'usage-events'")
                    .hasMessageContaining("schema id 3");
        }
    }

    @Test
    void asksTheRegistryForAWriterSchemaOnlyOnce() {
        // Given
        CountingRegistry counting = new CountingRegistry(registry);
        AvroDeserializer<UsageEvent> reader = new AvroDeserializer<>(counting, UsageEvent.class);
        byte[] bytes = serialize(SampleRecords.fullUsageEvent());

        // When
        for (int i = 0; i < 3; i++) {
            reader.deserialize(TOPIC, bytes);
        }

        // Then
        assertThat(counting.schemaByIdCalls()).isEqualTo(1);
    }

    private byte[] serialize(UsageEvent event) {
        return new AvroSerializer<UsageEvent>(registry, true).serialize(TOPIC, event);
    }
}
