package io.healthscore.e2e.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./healthscore erase --account ID [--alert-url URL] [--token TOKEN]}: asks the alert service's operator
 * endpoint ({@code POST /erasures}) to erase an account end to end and prints its answer. The URL and operator
 * token come from the options, else from {@code HEALTHSCORE_ALERT_URL} and {@code HEALTHSCORE_OPS_TOKEN}, else
 * from the running demo's {@code .healthscore/demo/endpoints.json}.
 */
public final class EraseCommand {

    private static final String USAGE = "usage: ./healthscore erase --account ID [--alert-url URL] [--token TOKEN]";

    /** What the command was asked. */
    public record Options(String account, URI alertUrl, String token) {
    }

    private EraseCommand() {
    }

    /** Parses the arguments, filling the URL and token from the environment and the demo's endpoints file. */
    public static Options parse(String[] args, Map<String, String> env, Path endpointsFile) {
        String account = null;
        String url = env.get("HEALTHSCORE_ALERT_URL");
        String token = env.get("HEALTHSCORE_OPS_TOKEN");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--account" -> account = required(args[i], value);
                case "--alert-url" -> url = required(args[i], value);
                case "--token" -> token = required(args[i], value);
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
            i++;
        }
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("--account is required\n" + USAGE);
        }
        if (url == null || token == null) {
            Optional<JsonNode> demo = readEndpoints(endpointsFile);
            if (demo.isEmpty()) {
                throw new IllegalArgumentException("no --alert-url/--token, no HEALTHSCORE_ALERT_URL/HEALTHSCORE_OPS_TOKEN "
                        + "and no running demo (" + endpointsFile + ")\n" + USAGE);
            }
            url = url != null ? url : demo.get().path("alertUrl").asText();
            token = token != null ? token : demo.get().path("apiToken").asText();
        }
        return new Options(account, URI.create(url), token);
    }

    /** Sends the erasure; @return the service's answer body, or throws naming the status. */
    public static String erase(Options options) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = new ObjectMapper().writeValueAsString(Map.of("accountId", options.account()));
        HttpRequest request = HttpRequest.newBuilder(options.alertUrl().resolve("/erasures"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + options.token())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the alert service answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    public static void main(String[] args) {
        Path repoRoot = Path.of(System.getProperty("healthscore.repo.root", ".")).toAbsolutePath().normalize();
        try {
            Options options = parse(args, System.getenv(), repoRoot.resolve(".healthscore/demo/endpoints.json"));
            System.out.println(erase(options));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("erase failed: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    private static String required(String option, String value) {
        if (value == null || value.startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return value;
    }

    private static Optional<JsonNode> readEndpoints(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(new ObjectMapper().readTree(file.toFile())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
