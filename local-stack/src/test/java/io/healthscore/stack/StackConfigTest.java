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
        assertThat(config.dataDir()).isEqualTo(Path.of(".healthscore").toAbsolutePath().normalize());
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
        assertThatThrownBy(() -> new StackConfig("::1", Path.of("x"), 1, 2, 3, 4, 5, 6, 7, 1, "db"))
                .hasMessageContaining("loopback");
    }

    @Test
    void twoComponentsOnOnePortAreRefusedNamingThePort() {
        assertThatThrownBy(() -> LocalStackMain.parse(new String[] {"--console-port", "8081"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port 8081");
    }

    @Test
    void aDatabaseNameThatIsNotAPlainIdentifierIsRefusedWhileParsing() {
        assertThatThrownBy(() -> LocalStackMain.parse(new String[] {"--database", "My-DB"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("My-DB");
    }

    @Test
    void optionsOverrideTheEnvironmentAndNeitherDependsOnTheCallersOwnVariables() {
        StackConfig config = LocalStackMain.parse(new String[] {"--kafka-port", "19094"},
                Map.of("HEALTHSCORE_KAFKA_PORT", "19095", "HEALTHSCORE_SMTP_PORT", "3026"));

        assertThat(config.kafkaPort()).isEqualTo(19094);
        assertThat(config.smtpPort()).isEqualTo(3026);
    }

    @Test
    void endpointsAreDerivedFromTheConfigurationAlone() {
        StackConfig config = StackConfig.fromEnvironment(Map.of(), Path.of("x"));

        assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(config.registryUrl()).isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/healthscore");
    }

    @Test
    void launcherOptionsAcceptBothSpaceAndEqualsForms() {
        StackConfig config = LocalStackMain.parse(new String[] {"--kafka-port", "19093", "--smtp-port=3025"}, Map.of());

        assertThat(config.kafkaPort()).isEqualTo(19093);
        assertThat(config.smtpPort()).isEqualTo(3025);
    }

    @Test
    void anOptionWithoutAValueIsRejected() {
        assertThatThrownBy(() -> LocalStackMain.parse(new String[] {"--kafka-port"}, Map.of()))
                .hasMessageContaining("--kafka-port needs a value");
    }
}
