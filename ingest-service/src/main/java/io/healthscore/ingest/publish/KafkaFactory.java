package io.healthscore.ingest.publish;

import io.healthscore.ingest.config.PublishSettings;
import io.healthscore.schemas.KafkaConnection;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Wires the schema registry client ({@code schema.registry.url}), the typed topics ({@code topics.*}) and the
 * one producer of the service: acks=all and idempotence, so an acknowledged record is on every in-sync replica
 * exactly once; max.block.ms and delivery.timeout.ms equal to the publish timeout, so no request waits longer.
 */
@Factory
public class KafkaFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SchemaRegistryClient schemaRegistryClient(@Value("${schema.registry.url}") String url) {
        return SchemaRegistryClient.create(SchemaRegistryConfig.of(url));
    }

    @Singleton
    Topics topics(Environment environment, SchemaRegistryClient client,
                  @Value("${schema.registry.auto-register:true}") boolean autoRegister) {
        Map<String, Object> names = new HashMap<>();
        environment.getProperties("topics").forEach((key, value) -> names.put("topics." + key, value));
        return Topics.create(TopicNames.fromProperties(names), client, autoRegister);
    }

    /** Every {@code kafka.*} setting (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_JAAS_CONFIG, ...) for every client. */
    @Singleton
    KafkaConnection kafkaConnection(Environment environment) {
        return KafkaConnection.of(environment.getProperties("kafka", StringConvention.RAW));
    }

    /** Closed by {@link EventPublisher}, which bounds the wait for in-flight records. */
    @Singleton
    Producer<byte[], byte[]> producer(KafkaConnection connection, PublishSettings publish) {
        return new KafkaProducer<>(producerConfig(connection, publish), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** The connection's settings, then ours, which no configuration can weaken. */
    static Map<String, Object> producerConfig(KafkaConnection connection, PublishSettings publish) {
        int timeoutMs = Math.toIntExact(publish.timeout().toMillis());
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.LINGER_MS_CONFIG, publish.lingerMs());
        // delivery.timeout.ms must be at least linger.ms + request.timeout.ms; past it the producer gives the
        // record up, so a record we reported as failed (503) does not turn up much later.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeoutMs - publish.lingerMs()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return connection.with(config);
    }
}
