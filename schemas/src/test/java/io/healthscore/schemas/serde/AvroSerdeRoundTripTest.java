package io.healthscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.UsageEvent;
import io.healthscore.schemas.SampleRecords;
import io.healthscore.schemas.registry.InMemorySchemaRegistryClient;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeRoundTripTest {

    static Stream<Arguments> records() {
        return Stream.of(
                arguments(named("a fully populated UsageEvent", SampleRecords.fullUsageEvent()), UsageEvent.class),
                arguments(named("a minimal UsageEvent", SampleRecords.minimalUsageEvent()), UsageEvent.class),
                arguments(named("a fully populated AccountProfile", SampleRecords.fullAccountProfile()),
                        AccountProfile.class),
                arguments(named("a minimal AccountProfile", SampleRecords.minimalAccountProfile()),
                        AccountProfile.class),
                arguments(named("a fully populated AccountSignal", SampleRecords.fullAccountSignal()),
                        AccountSignal.class),
                arguments(named("a minimal AccountSignal", SampleRecords.minimalAccountSignal()), AccountSignal.class),
                arguments(named("a fully populated HealthScore", SampleRecords.fullHealthScore()), HealthScore.class),
                arguments(named("a minimal HealthScore", SampleRecords.minimalHealthScore()), HealthScore.class),
                arguments(named("a fully populated LevelTransition", SampleRecords.fullLevelTransition()),
                        LevelTransition.class),
                arguments(named("a minimal LevelTransition", SampleRecords.minimalLevelTransition()),
                        LevelTransition.class),
                arguments(named("a fully populated ChurnRiskAlert", SampleRecords.fullChurnRiskAlert()),
                        ChurnRiskAlert.class),
                arguments(named("a minimal ChurnRiskAlert", SampleRecords.minimalChurnRiskAlert()),
                        ChurnRiskAlert.class),
                arguments(named("a fully populated ExpansionOpportunity", SampleRecords.fullExpansionOpportunity()),
                        ExpansionOpportunity.class),
                arguments(named("a minimal ExpansionOpportunity", SampleRecords.minimalExpansionOpportunity()),
                        ExpansionOpportunity.class));
    }

    @ParameterizedTest(name = "{0} survives a round trip")
    @MethodSource("records")
    <T extends SpecificRecord> void survivesARoundTripThroughTheTypedSerde(T record, Class<T> type) {
        // Given
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        try (AvroSerde<T> serde = new AvroSerde<>(registry, type, true)) {

            // When
            byte[] bytes = serde.serializer().serialize("topic", record);
            T read = serde.deserializer().deserialize("topic", bytes);

            // Then
            assertThat(read).isEqualTo(record);
            assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(registry.lookupId("topic-value", record.getSchema()));
        }
    }

    @ParameterizedTest(name = "{0} survives a round trip through serdes Kafka configures")
    @MethodSource("records")
    <T extends SpecificRecord> void survivesARoundTripThroughTheSerdeKafkaConfigures(T record, Class<T> type) {
        // Given a serde built by class name, reading whichever generated class the writer schema names
        String scope = "round-trip-" + type.getSimpleName();
        try (AvroSerde<T> serde = new AvroSerde<>()) {
            serde.configure(Map.of("schema.registry.url", "mem://" + scope), false);

            // When
            byte[] bytes = serde.serializer().serialize("topic", record);
            T read = serde.deserializer().deserialize("topic", bytes);

            // Then
            assertThat(read).isInstanceOf(type).isEqualTo(record);
        } finally {
            InMemorySchemaRegistryClient.dropScope(scope);
        }
    }
}
