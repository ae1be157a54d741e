package io.healthscore.scoring.app;

import io.healthscore.schemas.KafkaConnection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Streams settings scoring always runs with, and those a deployment may change. */
class StreamsPropertiesTest {

    @Test
    void stateStoresAreTransactionalSoAKilledInstanceKeepsItsCommittedState() {
        Properties props = StreamsProperties.of("scoring", KafkaConnection.of(Map.of("bootstrap.servers", "127.0.0.1:9092")), Map.of());

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isEqualTo(true);
        assertThat(props.get(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG))
                .isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void queriesReadOnlyCommittedStateSoTheyNeverShowAScoreARestartTakesBack() {
        Properties props = StreamsProperties.of("scoring", KafkaConnection.of(Map.of("bootstrap.servers", "127.0.0.1:9092")), Map.of());

        assertThat(new StreamsConfig(props).defaultInteractiveQueryIsolationLevel()).isEqualTo(IsolationLevel.READ_COMMITTED);
    }

    @Test
    void aDeploymentMayChangeTheBufferBoundAndTurnTransactionalStoresOff() {
        Properties props = StreamsProperties.of("scoring", KafkaConnection.of(Map.of(
                "bootstrap.servers", "127.0.0.1:9092",
                "statestore.uncommitted.max.bytes", "1048576",
                "enable.transactional.statestores", "false")), Map.of());

        assertThat(props.get(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG)).isEqualTo("1048576");
        assertThat(props.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isEqualTo("false");
    }

    @Test
    void theGuaranteeCannotBeOverridden() {
        Properties props = StreamsProperties.of("scoring", KafkaConnection.of(Map.of(
                "bootstrap.servers", "127.0.0.1:9092", "processing.guarantee", "at_least_once")), Map.of());

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }
}
