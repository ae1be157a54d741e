package io.healthscore.ingest.support;

import io.healthscore.stack.LocalStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The ingest service started for an integration test against the local stack, on a free port, in the "it"
 * environment only (so the broker-less test configuration does not apply).
 */
public final class RunningService implements AutoCloseable {

    private final ApplicationContext context;
    private final EmbeddedServer server;

    private RunningService(ApplicationContext context) {
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class).start();
    }

    public static RunningService on(LocalStack stack, Map<String, Object> overrides) {
        stack.provision();
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        properties.put("schema.registry.url", stack.registry().confluentUrl());
        properties.put("ingest.sources.web.write-key-sha256",
                "04c0218b3c6929c6638fa052827cc353c3e1eb3a432020f686e083aae900d6c4");
        // The tests' all-purpose source writes everything; scope tests run broker-less (SourceScopeTest).
        properties.put("ingest.sources.web.signals", "all");
        properties.put("ingest.sources.web.profile-fields", "all");
        properties.putAll(overrides);
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .environments("it")
                .properties(properties)
                .start();
        return new RunningService(context);
    }

    public URI uri() {
        return server.getURI();
    }

    public RawHttp http() {
        return new RawHttp(uri());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
