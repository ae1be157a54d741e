package io.healthscore.scoring.app;

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
        Properties props = StreamsProperties.of("scoring", "127.0.0.1:9092", Map.of());

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isEqualTo(true);
        assertThat(props.get(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG))
                .isEqualTo(16L * 1024 * 1024);
    }

    @Test
    void queriesReadOnlyCommittedStateSoTheyNeverShowAScoreARestartTakesBack() {
        Properties props = StreamsProperties.of("scoring", "127.0.0.1:9092", Map.of());

        assertThat(new StreamsConfig(props).defaultInteractiveQueryIsolationLevel()).isEqualTo(IsolationLevel.READ_COMMITTED);
    }

    @Test
    void aDeploymentMayChangeTheBufferBoundAndTurnTransactionalStoresOff() {
        Properties props = StreamsProperties.of("scoring", "127.0.0.1:9092", Map.of(
                "kafka.statestore.uncommitted.max.bytes", "1048576",
                "kafka.enable.transactional.statestores", "false"));

        assertThat(props.get(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG)).isEqualTo("1048576");
        assertThat(props.get(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isEqualTo("false");
    }

    @Test
    void theGuaranteeCannotBeOverridden() {
        Properties props = StreamsProperties.of("scoring", "127.0.0.1:9092",
                Map.of("kafka.processing.guarantee", "at_least_once"));

        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    }
}
