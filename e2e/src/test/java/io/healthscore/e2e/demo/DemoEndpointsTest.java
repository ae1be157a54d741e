package io.healthscore.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.e2e.process.WriteKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class DemoEndpointsTest {

    @TempDir
    Path dir;

    final DemoEndpoints endpoints = new DemoEndpoints(URI.create("http://127.0.0.1:40001"),
            new WriteKeys("product-key-1", "crm-key-2"), URI.create("http://127.0.0.1:40002"),
            URI.create("http://127.0.0.1:40003"), "api-token-3", "127.0.0.1:40004",
            "http://127.0.0.1:40005/apis/ccompat/v7", "jdbc:postgresql://127.0.0.1:40006/healthscore", 40007,
            Path.of("/tmp/logs"));

    @Test
    void theFileNamesEveryEndpointAndEachKeyWithItsSourceAndScope() throws Exception {
        Path file = dir.resolve("demo").resolve(DemoEndpoints.FILE);

        endpoints.writeTo(file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("ingestUrl").asText()).isEqualTo("http://127.0.0.1:40001");
        assertThat(json.path("writeKeys")).hasSize(2);
        assertThat(json.path("writeKeys").get(0).path("source").asText()).isEqualTo("product");
        assertThat(json.path("writeKeys").get(0).path("key").asText()).isEqualTo("product-key-1");
        assertThat(json.path("writeKeys").get(0).path("scope").asText()).isEqualTo("usage events only");
        assertThat(json.path("writeKeys").get(1).path("source").asText()).isEqualTo("crm");
        assertThat(json.path("writeKeys").get(1).path("key").asText()).isEqualTo("crm-key-2");
        assertThat(json.path("apiToken").asText()).isEqualTo("api-token-3");
        assertThat(json.path("kafkaBootstrap").asText()).isEqualTo("127.0.0.1:40004");
        assertThat(json.path("registryUrl").asText()).endsWith("/apis/ccompat/v7");
        assertThat(json.has("consoleUrl")).isTrue();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void thePrintedBlockNamesBothKeysAndTheirScopes() {
        assertThat(String.join("\n", endpoints.lines())).contains("product key   product-key-1",
                "CRM key       crm-key-2", "usage events only", "curl -u product-key-1:");
    }
}
