package io.healthscore.schemas;

import org.apache.kafka.clients.CommonClientConfigs;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How every Kafka client of a service reaches the cluster: {@code bootstrap.servers} and any other client setting
 * given under the {@code kafka.} prefix ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...), so
 * SASL/TLS clusters work without code changes. A client's own settings are applied after these and win, so
 * guarantees such as {@code acks=all} or {@code isolation.level=read_committed} cannot be weakened by
 * configuration. {@link #toString()} never shows a value that may be a secret.
 */
public final class KafkaConnection {

    private final Map<String, Object> settings;

    private KafkaConnection(Map<String, Object> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** From settings without the prefix (e.g. Micronaut's {@code kafka.*} properties, raw keys); needs bootstrap.servers. */
    public static KafkaConnection of(Map<String, ?> settings) {
        Map<String, Object> copy = new HashMap<>();
        settings.forEach((key, value) -> {
            if (value != null) {
                copy.put(key, value instanceof Iterable<?> list ? String.join(",", toStrings(list)) : value);
            }
        });
        Object bootstrap = copy.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.toString().isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is required (e.g. KAFKA_BOOTSTRAP_SERVERS)");
        }
        return new KafkaConnection(copy);
    }

    /** This connection's settings with {@code own} applied over them: the configuration for one client. */
    public Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> merged = new HashMap<>(settings);
        own.forEach((key, value) -> merged.put(key, Objects.requireNonNull(value, key)));
        return merged;
    }

    public String bootstrapServers() {
        return settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    @Override
    public String toString() {
        Map<String, Object> shown = new TreeMap<>();
        settings.forEach((key, value) -> shown.put(key, secret(key) ? "[hidden]" : value));
        return "KafkaConnection" + shown;
    }

    private static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("key")
                || k.contains("token") || k.contains("credential");
    }

    private static Iterable<String> toStrings(Iterable<?> values) {
        java.util.List<String> out = new java.util.ArrayList<>();
        values.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }
}
