package io.healthscore.ingest.support;

import io.healthscore.schemas.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * Reads a topic from the beginning through its own deserializers (and so the registry) until records with all
 * the wanted ids have been seen, within a bound.
 */
public final class TopicReader {

    private TopicReader() {
    }

    public static <V> Map<String, ConsumerRecord<String, V>> readIds(String bootstrap, Topic<String, V> topic,
                                                                     Function<V, String> idOf, Set<String> wanted,
                                                                     Duration bound) {
        Map<String, ConsumerRecord<String, V>> found = new LinkedHashMap<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(bound).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
                    String id = idOf.apply(record.value());
                    if (wanted.contains(id)) {
                        found.put(id, record);
                    }
                }
                return found.keySet().containsAll(wanted);
            });
        }
        return found;
    }
}
