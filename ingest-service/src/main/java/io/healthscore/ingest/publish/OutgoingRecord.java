package io.healthscore.ingest.publish;

import io.healthscore.schemas.Topic;

import java.util.Map;
import java.util.Objects;

/**
 * One record a request wants written: its topic (with serdes), key (the account id on data topics), value and
 * headers (used only on dead-letter records).
 */
public record OutgoingRecord<K, V>(Topic<K, V> topic, K key, V value, Map<String, String> headers) {

    public OutgoingRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        headers = Map.copyOf(headers);
    }

    public OutgoingRecord(Topic<K, V> topic, K key, V value) {
        this(topic, key, value, Map.of());
    }
}
