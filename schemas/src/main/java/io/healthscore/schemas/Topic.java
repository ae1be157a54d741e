package io.healthscore.schemas;

import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic with the serdes of its keys and values, so that no topic name or serde is written inline
 * anywhere else. {@code valueSchema} is the Avro schema of the values, or null for topics of raw bytes
 * (dead-letter topics); {@code compacted} says whether the topic must be created with cleanup.policy=compact.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Schema valueSchema, boolean compacted) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** The subject its value schema is registered under (topic-name strategy). */
    public String valueSubject() {
        return name + "-value";
    }
}
