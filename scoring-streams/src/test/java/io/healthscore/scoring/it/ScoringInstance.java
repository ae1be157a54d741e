package io.healthscore.scoring.it;

import io.healthscore.scoring.app.ScoringStreams;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/** One scoring instance in this JVM, started as the application starts: its context, HTTP server and streams. */
final class ScoringInstance implements AutoCloseable {

    private final EmbeddedServer server;

    private ScoringInstance(EmbeddedServer server) {
        this.server = server;
    }

    /** Starts the application with {@code config} over its application.yml; fails as start-up fails. */
    static ScoringInstance start(Map<String, String> config) {
        Map<String, Object> properties = new HashMap<>(config);
        return new ScoringInstance(ApplicationContext.run(EmbeddedServer.class, properties));
    }

    KafkaStreams streams() {
        return server.getApplicationContext().getBean(ScoringStreams.class).streams();
    }

    KafkaStreams.State state() {
        return streams().state();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
