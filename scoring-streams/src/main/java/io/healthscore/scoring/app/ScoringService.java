package io.healthscore.scoring.app;

import io.healthscore.schemas.Topic;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.scoring.query.HealthQueryServer;
import io.healthscore.scoring.topology.ScoringTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the scoring topology to Kafka and runs it: one registry client shared by every serde, the Streams
 * settings of {@link StreamsProperties}, a start that refuses to run without the dead-letter topics, and a thread
 * that dies of a failure (e.g. the registry unreachable, a changelog write refused) is replaced, so its tasks resume
 * from their last committed transaction instead of the instance stopping.
 */
public final class ScoringService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringService.class);

    /** How long start-up waits for the broker to list its topics, for the dead-letter topic check. */
    private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(60);

    private final SchemaRegistryClient registry;
    private final KafkaStreams streams;
    private final Properties props;
    private final List<String> deadLetterTopics;
    private final ScoringSettings settings;
    private HealthQueryServer queries;

    public ScoringService(ScoringSettings settings) {
        this.settings = settings;
        Map<String, String> raw = settings.raw();
        this.registry = SchemaRegistryClient.create(SchemaRegistryConfig.fromProperties(raw.containsKey("schema.registry.url")
                ? raw : withRegistry(raw, settings.registryUrl())));
        Topics topics = Topics.create(settings.topicNames(), registry, true);
        this.deadLetterTopics = topics.deadLetterTopics().stream().map(Topic::name).toList();
        this.props = StreamsProperties.of(settings.applicationId(), settings.bootstrapServers(), raw);
        settings.httpPort().ifPresent(port ->
                props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.httpHost() + ":" + port));
        this.streams = new KafkaStreams(ScoringTopology.build(settings.scoring(), topics), props);
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("Stream thread failed; replacing it (tasks resume from the last commit)", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /**
     * Checks that every dead-letter topic exists, starts processing, then the query endpoints when a port is
     * configured.
     *
     * @throws IllegalStateException naming the missing dead-letter topics, before anything is processed
     */
    public ScoringService start() {
        try (Admin admin = Admin.create(new StreamsConfig(props).getAdminConfigs(settings.applicationId() + "-startup"))) {
            DeadLetterTopicCheck.requireOnCluster(admin, deadLetterTopics, TOPIC_CHECK_TIMEOUT);
        }
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
