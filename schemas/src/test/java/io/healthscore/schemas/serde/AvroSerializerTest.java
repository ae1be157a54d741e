package io.healthscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.healthscore.avro.UsageEvent;
import io.healthscore.schemas.SampleRecords;
import io.healthscore.schemas.registry.FakeSchemaRegistry;
import io.healthscore.schemas.registry.HttpSchemaRegistryClient;
import io.healthscore.schemas.registry.IncompatibleSchemaException;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import io.healthscore.schemas.registry.InvalidSchemaException;
import io.healthscore.schemas.registry.RegistryUnavailableException;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.schemas.registry.SubjectNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {

    private static final Schema OLD_USAGE_EVENT_WITHOUT_MESSAGE_ID = new Schema.Parser().parse("""
            {"type": "record", "name": "UsageEvent", "namespace": "io.healthscore.avro",
             "fields": [{"name": "legacy", "type": "string"}]}""");

    @Test
    void aNullRecordBecomesNullBytesForATombstone() {
        // Given
        AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(new InMemorySchemaRegistryClient(), true);

        // When
        byte[] bytes = serializer.serialize("usage-events", null);

        // Then
        assertThat(bytes).isNull();
    }

    @Test
    void registersTheValueSchemaUnderTheTopicValueSubject() {
        // Given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(registry, true);

        // When
        serializer.serialize("usage-events", SampleRecords.minimalUsageEvent());

        // Then
        assertThat(registry.subjects()).containsExactly("usage-events-value");
    }

    @Test
    void aKeySerializerRegistersUnderTheTopicKeySubject() {
        // Given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(registry, true);
        serializer.configure(Map.of(), true);

        // When
        serializer.serialize("usage-events", SampleRecords.minimalUsageEvent());

        // Then
        assertThat(registry.subjects()).containsExactly("usage-events-key");
    }

    @Test
    void asksTheRegistryOncePerSubjectAndSchema() {
        // Given
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start();
             HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(registry.url()))) {
            AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(client, true);

            // When
            for (int i = 0; i < 5; i++) {
                serializer.serialize("usage-events", SampleRecords.fullUsageEvent());
            }
            serializer.serialize("other-topic", SampleRecords.fullUsageEvent());

            // Then
            assertThat(registry.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void withoutAutoRegistrationUsesTheIdAlreadyRegistered() {
        // Given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register("unrelated-value", OLD_USAGE_EVENT_WITHOUT_MESSAGE_ID);
        int id = registry.register("usage-events-value", UsageEvent.getClassSchema());
        AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(registry, false);

        // When
        byte[] bytes = serializer.serialize("usage-events", SampleRecords.minimalUsageEvent());

        // Then
        assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(id).isEqualTo(2);
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsReportedWithTopicAndSubject() {
        // Given
        AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(new InMemorySchemaRegistryClient(), false);

        // When
        SchemaRegistrationException e = catchThrowableOfType(SchemaRegistrationException.class,
                () -> serializer.serialize("usage-events", SampleRecords.minimalUsageEvent()));

        // Then
        assertThat(e).hasCauseInstanceOf(SubjectNotFoundException.class)
                .hasMessageContaining("topic 'usage-events'")
                .hasMessageContaining("subject 'usage-events-value'")
                .hasMessageContaining("auto.register.schemas");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void anIncompatibleSchemaIsReportedWithTopicAndSubject() {
        // Given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.register("usage-events-value", OLD_USAGE_EVENT_WITHOUT_MESSAGE_ID);
        AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(registry, true);

        // When
        SchemaRegistrationException e = catchThrowableOfType(SchemaRegistrationException.class,
                () -> serializer.serialize("usage-events", SampleRecords.minimalUsageEvent()));

        // Then
        assertThat(e).hasCauseInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("topic 'usage-events'")
                .hasMessageContaining("subject 'usage-events-value'")
                .hasMessageContaining("incompatible");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void aSchemaTheRegistryRefusesAsInvalidIsReportedWithTopicAndSubject() {
        // Given
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start();
             HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(registry.url()))) {
            registry.failNext(1, 422);
            AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(client, true);

            // When
            SchemaRegistrationException e = catchThrowableOfType(SchemaRegistrationException.class,
                    () -> serializer.serialize("usage-events", SampleRecords.minimalUsageEvent()));

            // Then
            assertThat(e).hasCauseInstanceOf(InvalidSchemaException.class)
                    .hasMessageContaining("topic 'usage-events'")
                    .hasMessageContaining("subject 'usage-events-value'");
        }
    }

    @Test
    void anUnreachableRegistryIsARetriableError() throws IOException {
        // Given
        try (SchemaRegistryClient client = unreachableRegistry()) {
            AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(client, true);

            // When
            RegistryUnreachableException e = catchThrowableOfType(RegistryUnreachableException.class,
                    () -> serializer.serialize("usage-events", SampleRecords.minimalUsageEvent()));

            // Then
            assertThat(e.retriable()).isTrue();
            assertThat(e).hasCauseInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("topic 'usage-events'")
                    .hasMessageContaining("subject 'usage-events-value'");
        }
    }

    @Test
    void aRecordThatCannotBeEncodedFailsBeforeTheRegistryIsAsked() {
        // Given a record whose required messageId is null, which only direct field access allows
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        UsageEvent broken = SampleRecords.minimalUsageEvent();
        broken.put("messageId", null);
        AvroSerializer<UsageEvent> serializer = new AvroSerializer<>(registry, true);

        // When / Then
        assertThatThrownBy(() -> serializer.serialize("usage-events", broken))
                .isExactlyInstanceOf(AvroSerdeException.class)
                .hasMessageContaining("topic 'usage-events'")
                .hasMessageContaining("subject 'usage-events-value'")
                .hasMessageContaining("messageId");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void aSerializerKafkaInstantiatesReadsAutoRegistrationFromItsConfig() {
        // Given
        String scope = "serializer-config-test";
        try (AvroSerializer<UsageEvent> serializer = new AvroSerializer<>()) {
            serializer.configure(Map.of("schema.registry.url", "mem://" + scope, "auto.register.schemas", "false"),
                    false);

            // When / Then
            assertThatThrownBy(() -> serializer.serialize("usage-events", SampleRecords.minimalUsageEvent()))
                    .isInstanceOf(SchemaRegistrationException.class);
        } finally {
            InMemorySchemaRegistryClient.dropScope(scope);
        }
    }

    @Test
    void anInvalidAutoRegistrationFlagIsRejectedByItsKey() {
        // Given
        try (AvroSerializer<UsageEvent> serializer = new AvroSerializer<>()) {

            // When / Then
            assertThatThrownBy(() -> serializer.configure(
                    Map.of("schema.registry.url", "mem://x", "auto.register.schemas", "yes"), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("auto.register.schemas");
        }
    }

    static SchemaRegistryClient unreachableRegistry() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return new HttpSchemaRegistryClient(new SchemaRegistryConfig(List.of(URI.create("http://127.0.0.1:" + port)),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(2), 1, Duration.ofMillis(1),
                Duration.ofMillis(1)));
    }
}
