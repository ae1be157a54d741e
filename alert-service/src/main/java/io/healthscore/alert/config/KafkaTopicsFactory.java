package io.healthscore.alert.config;

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
import java.util.HashMap;
import java.util.Map;

/**
 * The schema-registry client ({@code schema.registry.url}) and the typed topic registry with names from
 * {@code topics.*}; this service reads, so serializers never register schemas.
 */
@Factory
public class KafkaTopicsFactory {

    @Singleton
    @Bean(preDestroy = "close")
    SchemaRegistryClient registryClient(@Value("${schema.registry.url}") String url) {
        return SchemaRegistryClient.create(SchemaRegistryConfig.of(url));
    }

    /** Every {@code kafka.*} setting (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_JAAS_CONFIG, ...) for every client. */
    @Singleton
    KafkaConnection kafkaConnection(Environment environment) {
        return KafkaConnection.of(environment.getProperties("kafka", StringConvention.RAW));
    }

    @Singleton
    Topics topics(Environment environment, SchemaRegistryClient client) {
        Map<String, Object> names = new HashMap<>();
        environment.getProperties("topics", StringConvention.RAW).forEach((k, v) -> names.put("topics." + k, v));
        return Topics.create(TopicNames.fromProperties(names), client, false);
    }
}
