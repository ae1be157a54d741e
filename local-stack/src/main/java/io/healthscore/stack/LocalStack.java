package io.healthscore.stack;

import io.healthscore.schemas.Topics;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole local stack: Kafka broker, schema registry (on that broker), PostgreSQL and the SMTP catcher.
 * Each component starts on first use, so a test that needs only Kafka starts only Kafka; {@link #startAll()}
 * starts everything, PostgreSQL and SMTP in parallel with the Kafka-then-registry chain. Closing stops the
 * components in reverse order of dependency and keeps their data.
 */
public final class LocalStack implements AutoCloseable {

    private final StackConfig config;
    private final KafkaBroker kafka;
    private final ApicurioRegistry registry;
    private final PostgresServer postgres;
    private final SmtpCatcher smtp;
    private final Map<String, Duration> startTimes = Collections.synchronizedMap(new LinkedHashMap<>());
    private SchemaRegistryClient registryClient;
    private StackProvisioner.Result provisioned;
    private volatile boolean closed;

    public LocalStack(StackConfig config) {
        this.config = config;
        this.kafka = new KafkaBroker(config.host(), config.kafkaPort(), config.controllerPort(), config.kafkaDir(),
                config.partitions());
        this.registry = new ApicurioRegistry(config.host(), config.registryPort(), config.registryManagementPort(),
                kafka.bootstrapServers(), config.registryDir(), ApicurioDistribution.fromEnvironment());
        this.postgres = new PostgresServer(config.host(), config.postgresPort(), config.postgresDir(), config.postgresWorkDir());
        this.smtp = new SmtpCatcher(config.host(), config.smtpPort());
    }

    public StackConfig config() {
        return config;
    }

    public KafkaBroker kafka() {
        synchronized (kafka) {
            if (!kafka.isRunning()) {
                timed("kafka", kafka::start);
            }
        }
        return kafka;
    }

    public ApicurioRegistry registry() {
        kafka();
        synchronized (registry) {
            if (!registry.isRunning()) {
                timed("registry", registry::start);
            }
        }
        return registry;
    }

    public PostgresServer postgres() {
        synchronized (postgres) {
            if (!postgres.isRunning()) {
                timed("postgres", () -> {
                    postgres.start();
                    postgres.ensureDatabase(config.database());
                });
            }
        }
        return postgres;
    }

    public SmtpCatcher smtp() {
        synchronized (smtp) {
            if (!smtp.isRunning()) {
                timed("smtp", smtp::start);
            }
        }
        return smtp;
    }

    /** A client for the registry's Confluent-compatible API (starts the registry if needed). */
    public synchronized SchemaRegistryClient registryClient() {
        if (registryClient == null) {
            registryClient = SchemaRegistryClient.create(SchemaRegistryConfig.of(registry().confluentUrl()));
        }
        return registryClient;
    }

    /** Starts every component; PostgreSQL and SMTP come up while Kafka and then the registry do. */
    public LocalStack startAll() {
        CompletableFuture<Void> sideServices = CompletableFuture.runAsync(() -> {
            postgres();
            smtp();
        });
        RuntimeException failure = null;
        try {
            registry();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            sideServices.join();
        } catch (CompletionException e) {
            RuntimeException side = e.getCause() instanceof RuntimeException r ? r : e;
            if (failure == null) {
                failure = side;
            } else {
                failure.addSuppressed(side);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return this;
    }

    /** Creates the product's topics and registers its schemas (once per stack instance). */
    public synchronized StackProvisioner.Result provision() {
        if (provisioned == null) {
            Topics topics = Topics.create(TopicNames.defaults(), registryClient(), true);
            try (Admin admin = admin()) {
                provisioned = new StackProvisioner(admin, registryClient(), config.partitions()).provision(topics);
            }
        }
        return provisioned;
    }

    /** A new admin client for the broker; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "healthscore-local-stack");
        return Admin.create(props);
    }

    public String jdbcUrl() {
        return postgres().jdbcUrl(config.database());
    }

    /** The registry's process id when it runs; never starts it. */
    public java.util.Optional<Long> registryPid() {
        return registry.isRunning() ? registry.pid() : java.util.Optional.empty();
    }

    /** The postmaster's process id when PostgreSQL runs; never starts it. */
    public java.util.Optional<Long> postgresPid() {
        return postgres.isRunning() ? postgres.pid() : java.util.Optional.empty();
    }

    /** How long each component took to start, in start order. */
    public Map<String, Duration> startTimes() {
        synchronized (startTimes) {
            return Map.copyOf(startTimes);
        }
    }

    private void timed(String component, Runnable start) {
        if (closed) {
            throw new StackStartupException("the local stack is stopping; " + component + " is not started again");
        }
        long t0 = System.nanoTime();
        start.run();
        startTimes.put(component, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Stops every component (in reverse order of dependency); a stopped stack does not start again. */
    @Override
    public void close() {
        closed = true;
        List<Exception> failures = new ArrayList<>();
        synchronized (this) {
            if (registryClient != null) {
                try {
                    registryClient.close();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
                registryClient = null;
            }
            provisioned = null;
        }
        for (AutoCloseable component : new AutoCloseable[] {smtp, postgres, registry, kafka}) {
            try {
                component.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("local stack did not stop cleanly: " + failures.get(0).getMessage(), failures.get(0));
            failures.subList(1, failures.size()).forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
