package io.healthscore.scoring.app;

import io.healthscore.schemas.KafkaConnection;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.query.QueryRouting;
import io.healthscore.scoring.topology.ScoringTopology;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import io.micronaut.http.server.HttpServerConfiguration;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Wires the pure topology ({@link ScoringTopology#build}) to Kafka: one registry client shared by every serde, the
 * typed topics, the Streams settings of {@link StreamsProperties}, this instance's {@code application.server} (the
 * advertised host and the HTTP server's port), and the {@link KafkaStreams} built from them. {@link ScoringStreams}
 * starts and stops it.
 */
@Factory
public class ScoringFactory {

    @Singleton
    ScoringConfig scoringConfig(ScoringProperties properties) {
        return properties.toConfig();
    }

    /** {@code schema.registry.*} and {@code basic.auth.*} (the registry's credentials), as the Confluent client reads them. */
    @Singleton
    @Bean(preDestroy = "close")
    SchemaRegistryClient registryClient(Environment environment) {
        Map<String, String> settings = new HashMap<>();
        prefixed(environment, "schema.registry", settings);
        prefixed(environment, "basic.auth", settings);
        return SchemaRegistryClient.create(SchemaRegistryConfig.fromProperties(settings));
    }

    @Singleton
    KafkaConnection kafkaConnection(Environment environment) {
        return KafkaConnection.of(environment.getProperties("kafka", StringConvention.RAW));
    }

    @Singleton
    TopicNames topicNames(Environment environment) {
        return TopicNames.fromProperties(topicSettings(environment));
    }

    /** Scoring writes its outputs, so its serializers register their schemas on first use. */
    @Singleton
    Topics topics(TopicNames names, SchemaRegistryClient client) {
        return Topics.create(names, client, true);
    }

    @Singleton
    StreamsSettings streamsSettings(ScoringProperties scoring, ScoringHttpProperties http, KafkaConnection kafka,
                                    Environment environment, HttpServerConfiguration server) {
        Properties props = StreamsProperties.of(scoring.applicationId(), kafka, topicSettings(environment));
        String host = http.advertisedHost() != null && !http.advertisedHost().isBlank() ? http.advertisedHost()
                : server.getHost().orElse("127.0.0.1");
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, host + ":" + server.getPort().orElse(8091));
        return new StreamsSettings(props);
    }

    @Singleton
    KafkaStreams kafkaStreams(ScoringConfig config, Topics topics, StreamsSettings settings) {
        return new KafkaStreams(ScoringTopology.build(config, topics), settings.properties());
    }

    /** Where each account's state lives, by the streams' metadata. */
    @Singleton
    QueryRouting queryRouting(KafkaStreams streams) {
        return QueryRouting.of(streams);
    }

    private static Map<String, Object> topicSettings(Environment environment) {
        Map<String, Object> names = new HashMap<>();
        environment.getProperties("topics", StringConvention.RAW).forEach((k, v) -> names.put("topics." + k, v));
        return names;
    }

    private static void prefixed(Environment environment, String prefix, Map<String, String> into) {
        environment.getProperties(prefix, StringConvention.RAW).forEach((k, v) -> {
            if (v != null) {
                into.put(prefix + "." + k, v.toString());
            }
        });
    }
}
