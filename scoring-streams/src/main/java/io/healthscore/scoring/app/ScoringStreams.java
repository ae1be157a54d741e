package io.healthscore.scoring.app;

import io.healthscore.schemas.Topic;
import io.healthscore.schemas.Topics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.util.StringUtils;
import jakarta.annotation.PreDestroy;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link KafkaStreams} of this service for as long as the application runs: at start-up it checks that
 * every dead-letter topic exists (refusing to start, naming the missing ones) and starts processing; a stream thread
 * that dies of a failure (the registry unreachable, a changelog write refused) is replaced, so its tasks resume from
 * their last committed transaction instead of the instance stopping; on shutdown it closes the streams, waiting at
 * most 30 s. With {@code scoring.streams.enabled: false} nothing is processed: the service serves its probes (not
 * ready) and metrics only, for diagnosing a deployment without touching its state.
 */
@Context
@Requires(property = "scoring.streams.enabled", notEquals = StringUtils.FALSE)
public final class ScoringStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringStreams.class);

    /** How long start-up waits for the broker to list its topics, for the dead-letter topic check. */
    private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;

    public ScoringStreams(KafkaStreams streams, Topics topics, StreamsSettings settings) {
        this.streams = streams;
        List<String> deadLetterTopics = topics.deadLetterTopics().stream().map(Topic::name).toList();
        try (Admin admin = Admin.create(new StreamsConfig(settings.properties())
                .getAdminConfigs(settings.applicationId() + "-startup"))) {
            DeadLetterTopicCheck.requireOnCluster(admin, deadLetterTopics, TOPIC_CHECK_TIMEOUT);
        }
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("Stream thread failed; replacing it (tasks resume from the last commit)", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    @PreDestroy
    void close() {
        streams.close(CLOSE_TIMEOUT);
    }
}
