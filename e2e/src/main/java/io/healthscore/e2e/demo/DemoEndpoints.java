package io.healthscore.e2e.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.healthscore.e2e.process.WriteKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a user needs to talk to a running demo: ingest's URL and each write key with its source and scope,
 * the query and alert APIs with their token, Kafka, the registry, PostgreSQL, the SMTP catcher and the logs.
 * Printed as a block and written as {@value #FILE} (readable by the owner only: it holds the run's secrets), so
 * scripts and other tools need not parse the terminal. The console's sign-ins are a CSM's and a lead's.
 */
public record DemoEndpoints(URI ingestUrl, WriteKeys writeKeys, URI scoringUrl, URI alertUrl, String apiToken,
                            String kafkaBootstrap, String registryUrl, String jdbcUrl, int smtpPort, Path logs,
                            URI consoleUrl, DemoSignIns signIns) {

    public static final String FILE = "endpoints.json";

    /** The file's content: a JSON object, documented in e2e/README.md. */
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ingestUrl", ingestUrl.toString());
        json.put("writeKeys", List.of(
                key(WriteKeys.PRODUCT_SOURCE, WriteKeys.PRODUCT_SCOPE, writeKeys.product()),
                key(WriteKeys.CRM_SOURCE, WriteKeys.CRM_SCOPE, writeKeys.crm())));
        json.put("scoringUrl", scoringUrl.toString());
        json.put("alertUrl", alertUrl.toString());
        json.put("apiToken", apiToken);
        json.put("consoleUrl", consoleUrl.toString());
        json.put("consoleSignIns", signIns.asJson());
        json.put("kafkaBootstrap", kafkaBootstrap);
        json.put("registryUrl", registryUrl);
        json.put("jdbcUrl", jdbcUrl);
        json.put("jdbcUser", "postgres");
        json.put("smtp", "127.0.0.1:" + smtpPort);
        json.put("logs", logs.toString());
        return json;
    }

    /** Writes {@link #asJson()} to {@code file}, owner read/write only where the file system has permissions. */
    public void writeTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp);
            restrict(temp);
            Files.write(temp, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(asJson()));
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The block the demo prints. */
    public List<String> lines() {
        return List.of(
                "  ingest          " + ingestUrl,
                "    product key   " + writeKeys.product() + "   (source " + WriteKeys.PRODUCT_SOURCE + ": "
                        + WriteKeys.PRODUCT_SCOPE + ")",
                "    CRM key       " + writeKeys.crm() + "   (source " + WriteKeys.CRM_SOURCE + ": profiles and "
                        + "signals: " + WriteKeys.CRM_SCOPE + ")",
                "                  curl -u " + writeKeys.product() + ": -H 'Content-Type: application/json' " + ingestUrl
                        + "/v1/track -d '{\"userId\":\"u1\",\"event\":\"reports\",\"context\":{\"groupId\":\"acct-0001\"}}'",
                "  scoring         " + scoringUrl + "/levels , /accounts/acct-0001/health   (Authorization: Bearer "
                        + apiToken + ")",
                "  alert API       " + alertUrl + "/alerts?status=open   (Authorization: Bearer " + apiToken + ")",
                "  console         " + consoleUrl,
                "    as a CSM      " + signIn("csm"),
                "    as a lead     " + signIn("lead") + "   (team: " + String.join(", ", team("lead")) + ")",
                "  kafka           " + kafkaBootstrap,
                "  registry        " + registryUrl,
                "  postgres        " + jdbcUrl + " (user postgres)",
                "  smtp catcher    127.0.0.1:" + smtpPort,
                "  service logs    " + logs);
    }

    private String signIn(String role) {
        return signIns.signIns().stream().filter(s -> s.role().equals(role)).findFirst()
                .map(s -> s.email() + " / " + s.password()).orElse("(none)");
    }

    private List<String> team(String role) {
        return signIns.signIns().stream().filter(s -> s.role().equals(role)).findFirst()
                .map(DemoSignIns.SignIn::team).orElse(List.of());
    }

    private static Map<String, Object> key(String source, String scope, String key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source);
        out.put("scope", scope);
        out.put("key", key);
        return out;
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the directory's own permissions apply.
        }
    }
}
