package io.healthscore.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Build-time facts of the local stack (versions), read from {@code healthscore-stack.properties}. */
final class StackDefaults {

    private static final Properties BUILD = load();

    private StackDefaults() {
    }

    static String apicurioVersion() {
        String fromProperty = System.getProperty("healthscore.apicurio.version");
        return fromProperty != null && !fromProperty.isBlank() ? fromProperty : BUILD.getProperty("apicurio.version");
    }

    /** The local Maven repository of the build that produced this jar (where the registry archive was put). */
    static String mavenRepository() {
        String repo = BUILD.getProperty("maven.repo");
        return repo == null || repo.isBlank() || repo.startsWith("${") ? null : repo;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = StackDefaults.class.getResourceAsStream("/healthscore-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("healthscore-stack.properties missing from the class path");
            }
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
