package io.healthscore.ingest.publish;

import io.healthscore.ingest.config.PublishSettings;
import io.healthscore.schemas.KafkaConnection;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka client settings from configuration reach the producer; the durability settings stay ours. */
class KafkaConnectionWiringTest {

    @Test
    void securitySettingsFromConfigurationReachTheConnection() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", "broker:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512"))) {
            Map<String, Object> settings = context.getBean(KafkaConnection.class).with(Map.of());

            assertThat(settings).containsEntry("bootstrap.servers", "broker:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        }
    }

    @Test
    void configurationCannotWeakenTheProducersAcknowledgements() {
        KafkaConnection connection = KafkaConnection.of(Map.of("bootstrap.servers", "broker:9093",
                "security.protocol", "SSL", "acks", "0", "enable.idempotence", "false"));

        Map<String, Object> config = KafkaFactory.producerConfig(connection,
                new PublishSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 5));

        assertThat(config).containsEntry("security.protocol", "SSL")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("delivery.timeout.ms", 5000);
    }
}
