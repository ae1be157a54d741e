package io.healthscore.scoring.app;

import io.micronaut.runtime.Micronaut;

/**
 * Runs the scoring service: {@code ScoringApplication [config-file]}. Settings are Micronaut's, like the other
 * services': {@code application.yml} holds every key with its default, and environment variables
 * ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code SCHEMA_REGISTRY_URL}, {@code SCORING_HTTP_TOKEN}, any
 * {@code KAFKA_*} Streams setting), system properties and files named by {@code MICRONAUT_CONFIG_FILES} override
 * it. A file given as the argument is read as one more such file (properties or YAML). Stops cleanly on SIGTERM.
 */
public final class ScoringApplication {

    private ScoringApplication() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            String files = System.getProperty("micronaut.config.files");
            System.setProperty("micronaut.config.files", files == null || files.isBlank() ? args[0] : files + "," + args[0]);
        }
        Micronaut.build(new String[0]).mainClass(ScoringApplication.class).start();
    }
}
