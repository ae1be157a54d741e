package io.healthscore.scoring.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the scoring application: {@code ScoringApplication [config.properties]}. Settings come from the file,
 * then from the environment variables {@code SCORING_HTTP_TOKEN} (the query API's token, {@code scoring.http.token})
 * and {@code SCORING_HTTP_PEER_TOKEN} (the instances' own, {@code scoring.http.peer-token}),
 * then from system properties ({@code -Dscoring.clock=STREAM_TIME}), each overriding the one before; see
 * {@link ScoringSettings} for the keys. Stops cleanly on SIGTERM / Ctrl-C.
 */
public final class ScoringApplication {

    /** The environment variable that holds the query API's bearer token. */
    public static final String TOKEN_VARIABLE = "SCORING_HTTP_TOKEN";

    /** The environment variable that holds the token instances forward queries to each other with. */
    public static final String PEER_TOKEN_VARIABLE = "SCORING_HTTP_PEER_TOKEN";

    private ScoringApplication() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> config = configuration(args.length > 0 ? Path.of(args[0]) : null, System.getenv(),
                System.getProperties());
        ScoringService service = new ScoringService(ScoringSettings.from(config)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "scoring-shutdown"));
        stopped.await();
    }

    /** The flat configuration from the file (may be null), the environment and the system properties. */
    static Map<String, String> configuration(Path file, Map<String, String> environment, Properties system)
            throws IOException {
        Map<String, String> config = new HashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        }
        String token = environment.get(TOKEN_VARIABLE);
        if (token != null && !token.isBlank()) {
            config.put(ScoringSettings.HTTP_TOKEN_KEY, token);
        }
        String peerToken = environment.get(PEER_TOKEN_VARIABLE);
        if (peerToken != null && !peerToken.isBlank()) {
            config.put(ScoringSettings.PEER_TOKEN_KEY, peerToken);
        }
        system.stringPropertyNames().stream()
                .filter(key -> key.startsWith("kafka.") || key.startsWith("scoring.") || key.startsWith("topics.")
                        || key.startsWith("schema.registry."))
                .forEach(key -> config.put(key, system.getProperty(key)));
        return config;
    }
}
