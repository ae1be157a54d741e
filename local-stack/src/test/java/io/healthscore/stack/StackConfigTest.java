package io.healthscore.stack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackConfigTest {

    @Test
    void defaultsBindToLoopbackWithDocumentedPorts() {
        StackConfig config = StackConfig.fromEnvironment(Map.of(), Path.of(".healthscore"));

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.registryPort()).isEqualTo(8081);
        assertThat(config.postgresPort()).isEqualTo(15432);
        assertThat(config.smtpPort()).isEqualTo(2525);
        assertThat(config.partitions()).isEqualTo(6);
        assertThat(config.database()).isEqualTo("healthscore");
        assertThat(config.dataDir()).isEqualTo(Path.of(".healthscore"));
    }

    @Test
    void environmentVariablesOverrideDefaults() {
        StackConfig config = StackConfig.fromEnvironment(
                Map.of("HEALTHSCORE_KAFKA_PORT", "19092", "HEALTHSCORE_DATA_DIR", "/tmp/hs", "HEALTHSCORE_PARTITIONS", "3"),
                Path.of(".healthscore"));

        assertThat(config.kafkaPort()).isEqualTo(19092);
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/hs"));
        assertThat(config.partitions()).isEqualTo(3);
    }

    @Test
    void commandLineOptionsMapToTheSameSettingsAsTheEnvironment() {
        assertThat(StackConfig.settingOf("--kafka-port")).isEqualTo("HEALTHSCORE_KAFKA_PORT");
        assertThat(StackConfig.settingOf("--registry-management-port")).isEqualTo("HEALTHSCORE_REGISTRY_MANAGEMENT_PORT");
    }

    @Test
    void anUnknownOptionIsRejectedWithTheListOfKnownOnes() {
        assertThatThrownBy(() -> StackConfig.settingOf("--kafka-prot"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka-prot")
                .hasMessageContaining("--kafka-port");
    }

    @Test
    void aPortOutOfRangeOrNotANumberIsRejectedNamingTheSetting() {
        assertThatThrownBy(() -> StackConfig.fromEnvironment(Map.of("HEALTHSCORE_SMTP_PORT", "70000"), Path.of("x")))
                .hasMessageContaining("HEALTHSCORE_SMTP_PORT").hasMessageContaining("70000");
        assertThatThrownBy(() -> StackConfig.fromEnvironment(Map.of("HEALTHSCORE_KAFKA_PORT", "ninety"), Path.of("x")))
                .hasMessageContaining("HEALTHSCORE_KAFKA_PORT").hasMessageContaining("ninety");
    }

    @Test
    void aNonLoopbackHostIsRefused() {
        assertThatThrownBy(() -> new StackConfig("0.0.0.0", Path.of("x"), 1, 2, 3, 4, 5, 6, 7, 1, "db"))
                .hasMessageContaining("loopback");
    }

    @Test
    void launcherOptionsAcceptBothSpaceAndEqualsForms() {
        StackConfig config = LocalStackMain.parse(new String[] {"--kafka-port", "19093", "--smtp-port=3025"});

        assertThat(config.kafkaPort()).isEqualTo(19093);
        assertThat(config.smtpPort()).isEqualTo(3025);
    }

    @Test
    void anOptionWithoutAValueIsRejected() {
        assertThatThrownBy(() -> LocalStackMain.parse(new String[] {"--kafka-port"}))
                .hasMessageContaining("--kafka-port needs a value");
    }
}
