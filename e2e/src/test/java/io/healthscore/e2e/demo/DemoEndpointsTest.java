package io.healthscore.e2e.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.e2e.process.WriteKeys;
import io.healthscore.e2e.process.ServiceSpec;
import io.healthscore.e2e.product.AccountCatalog;
import java.util.List;
import java.util.Map;
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
            Path.of("/tmp/logs"), URI.create("http://127.0.0.1:40003/console/"), new DemoSignIns(List.of(
                    new DemoSignIns.SignIn("csm", "aiko.tanaka@vendor.example", "pw-csm-8", "csm", List.of()),
                    new DemoSignIns.SignIn("lead", "lead@vendor.example", "pw-lead-9", "lead",
                            List.of("aiko.tanaka@vendor.example", "ben.okafor@vendor.example")))));

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
        assertThat(json.path("consoleUrl").asText()).isEqualTo("http://127.0.0.1:40003/console/");
        assertThat(json.path("consoleSignIns")).hasSize(2);
        assertThat(json.path("consoleSignIns").get(0).path("role").asText()).isEqualTo("csm");
        assertThat(json.path("consoleSignIns").get(0).path("user").asText()).isEqualTo("aiko.tanaka@vendor.example");
        assertThat(json.path("consoleSignIns").get(0).path("password").asText()).isEqualTo("pw-csm-8");
        assertThat(json.path("consoleSignIns").get(1).path("team")).hasSize(2);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void thePrintedBlockNamesBothKeysAndTheirScopes() {
        assertThat(String.join("\n", endpoints.lines())).contains("product key   product-key-1",
                "CRM key       crm-key-2", "usage events only", "curl -u product-key-1:",
                "console         http://127.0.0.1:40003/console/", "as a CSM      aiko.tanaka@vendor.example / pw-csm-8",
                "as a lead     lead@vendor.example / pw-lead-9   (team: aiko.tanaka@vendor.example, ben.okafor@vendor.example)");
    }

    @Test
    void theDemoUsersReachTheAlertServiceAsHashesOnlyAndTheirPasswordsMatch() throws Exception {
        DemoSignIns signIns = DemoSignIns.random();
        ServiceSpec alert = signIns.configure(new ServiceSpec("alert-service", Path.of("alert-service"), "Main", List.of(),
                Map.of(), Map.of("micronaut.server.port", "1"), List.of(), URI.create("http://127.0.0.1:1/health")));
        Map<String, String> props = alert.systemProperties();
        assertThat(props).containsEntry("micronaut.server.port", "1");
        for (DemoSignIns.SignIn s : signIns.signIns()) {
            String hash = props.get("identity.users." + s.user() + ".password-hash");
            assertThat(matches(hash, s.password())).as(hash).isTrue();
            assertThat(matches(hash, s.password() + "x")).isFalse();
            assertThat(String.join(" ", props.values())).doesNotContain(s.password());
            assertThat(props).containsEntry("identity.users." + s.user() + ".roles", s.role());
        }
        assertThat(props.get("identity.users.lead.team")).isEqualTo(String.join(",", AccountCatalog.csmEmails().subList(0, 2)));
    }

    /** Checks a hash by the format alert-service reads (pbkdf2-sha256$iterations$salt$hash, base64). */
    private static boolean matches(String encoded, String password) throws Exception {
        String[] parts = encoded.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(Integer.parseInt(parts[1])).isGreaterThanOrEqualTo(210_000);
        byte[] salt = java.util.Base64.getDecoder().decode(parts[2]);
        byte[] expected = java.util.Base64.getDecoder().decode(parts[3]);
        assertThat(salt.length).isGreaterThanOrEqualTo(8);
        assertThat(expected).hasSize(32);
        byte[] actual = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(
                new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, Integer.parseInt(parts[1]), 256)).getEncoded();
        return java.security.MessageDigest.isEqual(expected, actual);
    }
}
