package io.healthscore.e2e.process;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to run one service as a child JVM: its module directory (whose {@code target/classes} and
 * {@code target/classpath.txt} make the class path), main class, configuration (environment variables and
 * {@code -D} system properties, as each service documents), and the URL that answers 200 once it is ready.
 *
 * @param extraClassPath entries appended after the module's own (for a replacement main class)
 */
public record ServiceSpec(String name, Path moduleDir, String mainClass, List<Path> extraClassPath,
                          Map<String, String> environment, Map<String, String> systemProperties,
                          List<String> jvmOptions, URI readinessUrl) {

    public ServiceSpec {
        extraClassPath = List.copyOf(extraClassPath);
        environment = Map.copyOf(environment);
        systemProperties = Map.copyOf(systemProperties);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** This spec with {@code extra} system properties added (a key given in both takes the value in {@code extra}). */
    public ServiceSpec withSystemProperties(Map<String, String> extra) {
        Map<String, String> merged = new java.util.HashMap<>(systemProperties);
        merged.putAll(extra);
        return new ServiceSpec(name, moduleDir, mainClass, extraClassPath, environment, merged, jvmOptions, readinessUrl);
    }

    /** This spec with {@code extra} environment variables added (a name given in both takes the value in {@code extra}). */
    public ServiceSpec withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new java.util.HashMap<>(environment);
        merged.putAll(extra);
        return new ServiceSpec(name, moduleDir, mainClass, extraClassPath, merged, systemProperties, jvmOptions, readinessUrl);
    }
}
