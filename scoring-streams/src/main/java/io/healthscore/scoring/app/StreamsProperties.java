package io.healthscore.scoring.app;

import io.healthscore.schemas.KafkaConnection;
import io.healthscore.schemas.TopicNames;
import io.healthscore.scoring.dlq.DeadLetterDeserializationHandler;
import io.healthscore.scoring.dlq.DeadLetterProcessingHandler;
import io.healthscore.scoring.dlq.DeadLetterProductionHandler;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings the scoring application always runs with: exactly_once_v2, the dead-letter
 * exception handlers, and the topic names for them ({@code topics.*}); transactional state stores by default; then
 * every {@code kafka.*} setting of the service ({@link KafkaConnection}: {@code kafka.num.stream.threads=2} or
 * {@code KAFKA_NUM_STREAM_THREADS=2} reaches Kafka Streams), which may override the defaults but not the guarantee.
 */
public final class StreamsProperties {

    private static final String TOPICS_PREFIX = "topics.";

    /**
     * The bound on the writes the transactional stores buffer between commits, per instance (shared by its stream
     * threads): 16 MiB. Above the account store's 10 MiB cache, whose flush at each commit lands in the buffer at
     * once, with room for the uncached message-id store (about 0.5 MiB per 200 ms commit at 20,000 events/s), so
     * steady processing never commits early; well below Kafka's 64 MiB default, because scoring runs in a heap of
     * 512–768 MiB whose live set is about 50 MiB. A catch-up or burst that fills it commits early instead of
     * growing the heap.
     */
    public static final long UNCOMMITTED_MAX_BYTES = 16L * 1024 * 1024;

    private StreamsProperties() {
    }

    /** For replays and tests: no Kafka setting besides the bootstrap servers. */
    public static Properties of(String applicationId, String bootstrapServers, Map<String, ?> topicSettings) {
        return of(applicationId, KafkaConnection.of(Map.of("bootstrap.servers", bootstrapServers)), topicSettings);
    }

    /**
     * @param kafka the service's {@code kafka.*} settings, bootstrap servers included
     * @param topicSettings the {@code topics.*} settings with their prefix, for the dead-letter handlers
     */
    public static Properties of(String applicationId, KafkaConnection kafka, Map<String, ?> topicSettings) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // KIP-892: a store keeps only committed writes, so a task that fails or an instance killed with -9 keeps
        // its state and replays the last commit interval, instead of wiping the store and restoring it from the
        // changelog. Queries read the committed state too: never a score the next restart takes back.
        p.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, true);
        p.put(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, UNCOMMITTED_MAX_BYTES);
        p.put(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.name());
        p.putAll(kafka.with(Map.of()));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        // The handlers read the topic names: which topics are outputs, and their dead-letter topics.
        topicSettings.forEach((key, value) -> {
            if (key.startsWith(TOPICS_PREFIX) && value != null) {
                p.put(key, value.toString());
            }
        });
        p.putIfAbsent(TopicNames.DLQ_SUFFIX_KEY, TopicNames.defaults().dlqSuffix());
        return p;
    }
}
