package io.healthscore.scoring.app;

import io.healthscore.schemas.TopicNames;
import io.healthscore.scoring.dlq.DeadLetterDeserializationHandler;
import io.healthscore.scoring.dlq.DeadLetterProcessingHandler;
import io.healthscore.scoring.dlq.DeadLetterProductionHandler;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings the scoring application always runs with: exactly_once_v2, the dead-letter
 * exception handlers, and the DLQ suffix for them; then every {@code kafka.*} key of the application
 * configuration with the prefix removed (so {@code kafka.num.stream.threads=2} reaches Kafka Streams), which
 * may override the defaults but not the guarantee.
 */
public final class StreamsProperties {

    public static final String KAFKA_PREFIX = "kafka.";

    private StreamsProperties() {
    }

    public static Properties of(String applicationId, String bootstrapServers, Map<String, String> appConfig) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        appConfig.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                p.put(key.substring(KAFKA_PREFIX.length()), value);
            }
        });
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        p.put(TopicNames.DLQ_SUFFIX_KEY, appConfig.getOrDefault(TopicNames.DLQ_SUFFIX_KEY, TopicNames.defaults().dlqSuffix()));
        return p;
    }
}
