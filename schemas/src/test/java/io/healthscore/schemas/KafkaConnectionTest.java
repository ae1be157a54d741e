package io.healthscore.schemas;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaConnectionTest {

    @Test
    void securitySettingsReachEveryClientAndTheClientsOwnSettingsWin() {
        KafkaConnection connection = KafkaConnection.of(Map.of(
                "bootstrap.servers", "b1:9093,b2:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "acks", "1"));

        Map<String, Object> producer = connection.with(Map.of("acks", "all", "enable.idempotence", true));

        assertThat(producer).containsEntry("bootstrap.servers", "b1:9093,b2:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true);
    }

    @Test
    void aListOfBootstrapServersIsJoinedAsKafkaExpects() {
        KafkaConnection connection = KafkaConnection.of(Map.of("bootstrap.servers", List.of("b1:9092", "b2:9092")));

        assertThat(connection.bootstrapServers()).isEqualTo("b1:9092,b2:9092");
    }

    @Test
    void withoutBootstrapServersItSaysWhichSettingIsMissing() {
        assertThatThrownBy(() -> KafkaConnection.of(Map.of("security.protocol", "SSL")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.bootstrap.servers");
    }

    @Test
    void secretsNeverAppearInItsDescription() {
        KafkaConnection connection = KafkaConnection.of(Map.of("bootstrap.servers", "b1:9092",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cr3t\";",
                "ssl.truststore.password", "changeit"));

        assertThat(connection.toString()).contains("b1:9092").doesNotContain("s3cr3t").doesNotContain("changeit");
    }
}
