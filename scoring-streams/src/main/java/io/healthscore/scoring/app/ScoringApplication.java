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
 * then from system properties ({@code -Dscoring.clock=STREAM_TIME}); see {@link ScoringSettings} for the keys.
 * Stops cleanly on SIGTERM / Ctrl-C.
 */
public final class ScoringApplication {

    private ScoringApplication() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> config = new HashMap<>();
        if (args.length > 0) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
                file.load(reader);
            }
            file.stringPropertyNames().forEach(key -> config.put(key, file.getProperty(key)));
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("kafka.") || key.startsWith("scoring.") || key.startsWith("topics.")
                        || key.startsWith("schema.registry."))
                .forEach(key -> config.put(key, System.getProperty(key)));
        ScoringService service = new ScoringService(ScoringSettings.from(config)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "scoring-shutdown"));
        stopped.await();
    }
}
