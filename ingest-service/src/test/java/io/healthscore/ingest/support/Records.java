package io.healthscore.ingest.support;

import io.healthscore.schemas.Topic;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads what a MockProducer was given back through the topic's own deserializers (and so the registry). */
public final class Records {

    private Records() {
    }

    public record Written<V>(String key, V value) {
    }

    public static <V> List<Written<V>> on(MockProducer<byte[], byte[]> producer, Topic<String, V> topic) {
        return producer.history().stream()
                .filter(r -> r.topic().equals(topic.name()))
                .map(r -> decode(r, topic))
                .toList();
    }

    private static <V> Written<V> decode(ProducerRecord<byte[], byte[]> record, Topic<String, V> topic) {
        return new Written<>(new String(record.key(), StandardCharsets.UTF_8),
                topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
    }
}
