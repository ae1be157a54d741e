package io.healthscore.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack listens and keeps its data. Every service binds to {@link #host()}, which is loopback.
 *
 * @param dataDir    root of all persistent state (Kafka logs, PostgreSQL data, registry work files)
 * @param partitions partitions of each topic the stack creates
 * @param database   the database created for the alert service
 */
public record StackConfig(String host, Path dataDir, int kafkaPort, int controllerPort, int registryPort,
                          int registryManagementPort, int postgresPort, int smtpPort, int consolePort,
                          int partitions, String database) {

    public static final String LOOPBACK = "127.0.0.1";

    public StackConfig {
        if (!host.equals(LOOPBACK)) {
            throw new IllegalArgumentException("the local stack binds to loopback (" + LOOPBACK + ") only, not " + host);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database must be a lower-case SQL identifier (letters, digits, _), got '"
                    + database + "'");
        }
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (int p : new int[] {kafkaPort, controllerPort, registryPort, registryManagementPort, postgresPort, smtpPort,
                consolePort}) {
            if (!ports.add(p)) {
                throw new IllegalArgumentException("port " + p + " is given to two components; each needs its own");
            }
        }
        // Absolute, so that child processes and leftover-process checks see the same path.
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Defaults, overridden by {@code HEALTHSCORE_*} environment variables (e.g. HEALTHSCORE_KAFKA_PORT). */
    public static StackConfig fromEnvironment(Map<String, String> env, Path defaultDataDir) {
        return new StackConfig(
                LOOPBACK,
                Path.of(env.getOrDefault("HEALTHSCORE_DATA_DIR", defaultDataDir.toString())),
                port(env, "HEALTHSCORE_KAFKA_PORT", 9092),
                port(env, "HEALTHSCORE_KAFKA_CONTROLLER_PORT", 9093),
                port(env, "HEALTHSCORE_REGISTRY_PORT", 8081),
                port(env, "HEALTHSCORE_REGISTRY_MANAGEMENT_PORT", 8082),
                port(env, "HEALTHSCORE_POSTGRES_PORT", 15432),
                port(env, "HEALTHSCORE_SMTP_PORT", 2525),
                port(env, "HEALTHSCORE_CONSOLE_PORT", 8025),
                number(env, "HEALTHSCORE_PARTITIONS", 6),
                env.getOrDefault("HEALTHSCORE_DATABASE", "healthscore"));
    }

    /** A stack on free ports under {@code dataDir}, for tests. */
    public static StackConfig onFreePorts(Path dataDir) {
        return new StackConfig(LOOPBACK, dataDir, FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), 3, "healthscore");
    }

    /**
     * The settings key of a command-line option: {@code --kafka-port} is {@code HEALTHSCORE_KAFKA_PORT}, so every
     * option can also be given in the environment. Unknown options are rejected with the list of known ones.
     */
    public static String settingOf(String option) {
        if (!option.startsWith("--")) {
            throw new IllegalArgumentException("expected an option such as --kafka-port, got '" + option + "'");
        }
        String key = "HEALTHSCORE_" + option.substring(2).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (!KNOWN_SETTINGS.contains(key)) {
            throw new IllegalArgumentException("unknown option " + option + "; known: " + KNOWN_SETTINGS.stream()
                    .map(k -> "--" + k.substring("HEALTHSCORE_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .sorted().toList());
        }
        return key;
    }

    private static final java.util.Set<String> KNOWN_SETTINGS = java.util.Set.of("HEALTHSCORE_DATA_DIR",
            "HEALTHSCORE_KAFKA_PORT", "HEALTHSCORE_KAFKA_CONTROLLER_PORT", "HEALTHSCORE_REGISTRY_PORT",
            "HEALTHSCORE_REGISTRY_MANAGEMENT_PORT", "HEALTHSCORE_POSTGRES_PORT", "HEALTHSCORE_SMTP_PORT",
            "HEALTHSCORE_CONSOLE_PORT", "HEALTHSCORE_PARTITIONS", "HEALTHSCORE_DATABASE");

    public String kafkaBootstrap() {
        return host + ":" + kafkaPort;
    }

    /** Base URL of the registry's Confluent-compatible API. */
    public String registryUrl() {
        return "http://" + host + ":" + registryPort + "/apis/ccompat/v7";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + postgresPort + "/" + database;
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path postgresDir() {
        return dataDir.resolve("postgres").resolve("data");
    }

    public Path postgresWorkDir() {
        return dataDir.resolve("postgres").resolve("bin");
    }

    public Path registryDir() {
        return dataDir.resolve("registry");
    }

    private static int port(Map<String, String> env, String key, int fallback) {
        String v = env.get(key);
        return v == null || v.isBlank() ? fallback : parsePort(key, v);
    }

    private static int number(Map<String, String> env, String key, int fallback) {
        String v = env.get(key);
        return v == null || v.isBlank() ? fallback : parseNumber(key, v);
    }

    private static int parsePort(String name, String value) {
        int port = parseNumber(name, value);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a port between 1 and 65535, got " + value);
        }
        return port;
    }

    private static int parseNumber(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }
}
