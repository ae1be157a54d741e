package io.healthscore.chaos.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The secret scan picks secrets by setting name and finds them in log files, naming never the value. */
class SecretScanTest {

    @TempDir
    Path dir;

    @Test
    void settingsNamingSecretsAreCollectedAndOthersAreNot() {
        Map<String, String> secrets = new LinkedHashMap<>();
        SecretScan.collect(Map.of("API_TOKENS_OPS_TOKEN", "0123456789abcdef", "CHANNELS_WEBHOOKS_CRM_SECRET", "s3cr3t-value",
                "INGEST_SOURCES_DEMO_WRITE_KEY_SHA256", "feedfacefeedface", "kafka.bootstrap.servers", "127.0.0.1:9092",
                "MAIL_PASSWORD", ""), "svc", secrets);

        assertThat(secrets).containsOnlyKeys("svc API_TOKENS_OPS_TOKEN", "svc CHANNELS_WEBHOOKS_CRM_SECRET",
                "svc INGEST_SOURCES_DEMO_WRITE_KEY_SHA256");
    }

    @Test
    void aSecretInALogIsFoundAndKafkaDataIsSkipped() throws Exception {
        // Given a service log holding a token, and a Kafka segment (also *.log) holding it too
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.writeString(logs.resolve("alert-service.log"), "INFO started\nWARN token=0123456789abcdef\n");
        Files.writeString(logs.resolve("ingest-service.log"), "INFO nothing here\n");
        Path kafka = Files.createDirectories(dir.resolve("stack/kafka/usage-events-0"));
        Files.writeString(kafka.resolve("00000000000000000000.log"), "0123456789abcdef");

        // When the run's logs are scanned
        List<Path> files = SecretScan.logFiles(dir, List.of(dir.resolve("stack/kafka")));
        SecretScan.Result result = SecretScan.scan(Map.of("ops token", "0123456789abcdef"), files);

        // Then the hit names the secret and the service log only
        assertThat(files).hasSize(2);
        assertThat(result.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.secret()).isEqualTo("ops token");
            assertThat(hit.file()).isEqualTo(logs.resolve("alert-service.log"));
        });
    }
}
