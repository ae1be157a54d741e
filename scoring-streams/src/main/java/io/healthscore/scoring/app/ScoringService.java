package io.healthscore.scoring.app;

import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.scoring.query.HealthQueryServer;
import io.healthscore.scoring.topology.ScoringTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the scoring topology to Kafka and runs it: one registry client shared by every serde, the Streams
 * settings of {@link StreamsProperties}, and a thread that dies of a failure (e.g. the registry unreachable) is
 * replaced, so its tasks resume from their last committed transaction instead of the instance stopping.
 */
public final class ScoringService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);

    private final SchemaRegistryClient registry;
    private final KafkaStreams streams;
    private final ScoringSettings settings;
    private HealthQueryServer queries;

    public ScoringService(ScoringSettings settings) {
        this.settings = settings;
        Map<String, String> raw = settings.raw();
        this.registry = SchemaRegistryClient.create(SchemaRegistryConfig.fromProperties(raw.containsKey("schema.registry.url")
                ? raw : withRegistry(raw, settings.registryUrl())));
        Topics topics = Topics.create(settings.topicNames(), registry, true);
        Properties props = StreamsProperties.of(settings.applicationId(), settings.bootstrapServers(), raw);
        settings.httpPort().ifPresent(port ->
                props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.httpHost() + ":" + port));
        this.streams = new KafkaStreams(ScoringTopology.build(settings.scoring(), topics), props);
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("Stream thread failed; replacing it (tasks resume from the last commit)", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /** Starts processing, then the query endpoints when a port is configured. */
    public ScoringService start() {
        streams.start();
        if (settings.httpPort().isPresent()) {
            try {
                queries = new HealthQueryServer(streams, settings.httpHost(),
                        new HostInfo(settings.httpHost(), settings.httpPort().getAsInt()), settings.httpToken(),
                        settings.peerToken()).start();
            } catch (IOException e) {
                streams.close(Duration.ofSeconds(30));
                throw new UncheckedIOException("Cannot serve queries on " + settings.httpHost() + ":"
                        + settings.httpPort().getAsInt(), e);
            }
        }
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    @Override
    public void close() {
        if (queries != null) {
            queries.close();
        }
        streams.close(Duration.ofSeconds(30));
        registry.close();
    }

    private static Map<String, String> withRegistry(Map<String, String> raw, String url) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(raw);
        copy.put("schema.registry.url", url);
        return copy;
    }
}
