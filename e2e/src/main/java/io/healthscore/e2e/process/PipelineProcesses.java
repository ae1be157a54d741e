package io.healthscore.e2e.process;

import io.healthscore.e2e.time.CompressedClockIngest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The three services of healthscore as child JVMs on free loopback ports, configured for one run on the local
 * stack: ingest with the run's compressed clock and a {@code demo} source, scoring in STREAM_TIME, the alert
 * service with the run's playbooks, the stack's SMTP catcher and database, and local channel receivers.
 * Starting returns once every service answers its readiness probe; closing stops them all.
 */
public final class PipelineProcesses implements AutoCloseable {

    /** Scoring's {@code application.id}, which is also its consumer group. */
    public static final String SCORING_APPLICATION_ID = "healthscore-scoring";

    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    private static final List<String> SCORING_JVM_OPTIONS = List.of("-Xms64m", "-Xmx768m", "-XX:+UseSerialGC");

    private final List<ServiceProcess> services;
    private final URI ingestUrl;
    private final URI scoringUrl;
    private final URI alertUrl;

    private PipelineProcesses(List<ServiceProcess> services, URI ingestUrl, URI scoringUrl, URI alertUrl) {
        this.services = services;
        this.ingestUrl = ingestUrl;
        this.scoringUrl = scoringUrl;
        this.alertUrl = alertUrl;
    }

    /** Starts the three services together and waits, at most {@code atMost} each, until all are ready. */
    public static PipelineProcesses start(PipelineSettings settings, Duration atMost) {
        return start(settings, atMost, UnaryOperator.identity());
    }

    /**
     * As {@link #start(PipelineSettings, Duration)}, with each service's spec passed through {@code adjust} first:
     * settings of one kind of run (a fault-injection run's shorter delivery lease, say) on top of the run's own.
     */
    public static PipelineProcesses start(PipelineSettings settings, Duration atMost, UnaryOperator<ServiceSpec> adjust) {
        Path logs = settings.workDir().resolve("logs");
        List<PortedLaunch> launches = new ArrayList<>();
        try {
            launches.add(PortedLaunch.start(url -> adjust.apply(scoring(settings, url)), logs));
            launches.add(PortedLaunch.start(url -> adjust.apply(ingest(settings, url)), logs));
            launches.add(PortedLaunch.start(url -> adjust.apply(alert(settings, url)), logs));
            List<ServiceProcess> started = new ArrayList<>();
            for (PortedLaunch launch : launches) {
                started.add(launch.awaitReady(atMost));
            }
            // The URLs are read after readiness: a service whose port was taken runs on the one it got instead.
            return new PipelineProcesses(new CopyOnWriteArrayList<>(started), launches.get(1).url(),
                    launches.get(0).url(), launches.get(2).url());
        } catch (RuntimeException e) {
            launches.forEach(launch -> launch.process().close());
            throw e;
        }
    }

    static ServiceSpec ingest(PipelineSettings s, URI url) {
        Map<String, String> env = new HashMap<>();
        env.put("INGEST_SOURCES_PRODUCT_WRITE_KEY_SHA256", RunFiles.sha256(s.writeKeys().product()));
        env.put("INGEST_SOURCES_CRM_WRITE_KEY_SHA256", RunFiles.sha256(s.writeKeys().crm()));
        Map<String, String> props = new HashMap<>(s.clock().systemProperties());
        props.put("micronaut.server.port", Integer.toString(url.getPort()));
        props.put("kafka.bootstrap.servers", s.kafkaBootstrap());
        props.put("schema.registry.url", s.registryUrl());
        // Generators stamp events with the run's compressed time, which can be a little ahead of ingest's own
        // reading of it (and, when it started in the past, far behind the real date): widen the accepted range.
        props.put("ingest.event-time.max-future-skew", "1d");
        props.put("ingest.event-time.max-age", "400d");
        // The product key keeps the default scope (usage events only); the CRM key owns profiles and signals.
        props.put("ingest.sources.crm.usage", "false");
        props.put("ingest.sources.crm.profile-fields", "all");
        props.put("ingest.sources.crm.signals", "all");
        // The CRM introduces every account of the run at its start; the product then sends for known accounts.
        props.put("ingest.sources.crm.new-accounts-per-hour", "1000000");
        // A month of product traffic passes in a minute of wall time: raise the per-source event rate to match.
        props.put("ingest.rate-limit.events-per-second", "200000");
        props.put("ingest.rate-limit.burst", "400000");
        return new ServiceSpec("ingest-service", s.repoRoot().resolve("ingest-service"),
                CompressedClockIngest.class.getName(), List.of(e2eClasses()), env, props, JVM_OPTIONS,
                url.resolve("/health/readiness"));
    }

    static ServiceSpec scoring(PipelineSettings s, URI url) {
        Map<String, String> props = new HashMap<>();
        props.put("kafka.bootstrap.servers", s.kafkaBootstrap());
        props.put("schema.registry.url", s.registryUrl());
        props.put("kafka.state.dir", s.workDir().resolve("scoring-state").toString());
        props.put("scoring.application-id", SCORING_APPLICATION_ID);
        props.put("scoring.clock", "STREAM_TIME");
        props.put("scoring.evaluation-interval", s.evaluationInterval().toString());
        // Several hours of compressed time pass between a generator reading the clock and ingest stamping.
        props.put("scoring.max-future-skew", "PT24H");
        props.put("micronaut.server.port", Integer.toString(url.getPort()));
        // Static membership: a restarted instance takes its partitions back at once instead of waiting out the
        // killed member's session (45 s by default).
        props.put("kafka.consumer.group.instance.id", SCORING_APPLICATION_ID + "-1");
        // The query API takes the run's operator token (the same one the alert service's API takes).
        return new ServiceSpec("scoring-streams", s.repoRoot().resolve("scoring-streams"),
                "io.healthscore.scoring.app.ScoringApplication", List.of(), Map.of("SCORING_HTTP_TOKEN", s.apiToken()),
                props, SCORING_JVM_OPTIONS, url.resolve("/health/readiness"));
    }

    static ServiceSpec alert(PipelineSettings s, URI url) {
        Map<String, String> env = new HashMap<>();
        env.put("API_TOKENS_OPS_TOKEN", s.apiToken());
        env.put("CHANNELS_WEBHOOKS_CRM_SECRET", s.webhookSecret());
        Map<String, String> props = new HashMap<>();
        props.put("micronaut.server.port", Integer.toString(url.getPort()));
        props.put("kafka.bootstrap.servers", s.kafkaBootstrap());
        props.put("schema.registry.url", s.registryUrl());
        props.put("datasources.default.url", s.jdbcUrl());
        props.put("mail.host", "127.0.0.1");
        props.put("mail.port", Integer.toString(s.smtpPort()));
        props.put("playbooks.location", "file:" + s.playbookFile().toAbsolutePath());
        props.put("channels.slack.cs-alerts.url", s.slackUrl().toString());
        props.put("channels.webhooks.crm.url", s.webhookUrl().toString());
        props.put("links.account-url", url + "/accounts/{accountId}/timeline");
        props.put("delivery.initial-backoff", "2s");
        return new ServiceSpec("alert-service", s.repoRoot().resolve("alert-service"),
                "io.healthscore.alert.Application", List.of(), env, props, JVM_OPTIONS,
                url.resolve("/health/readiness"));
    }

    /** This module's classes, for {@link CompressedClockIngest} on the ingest service's class path. */
    static Path e2eClasses() {
        try {
            return Path.of(CompressedClockIngest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI ingestUrl() {
        return ingestUrl;
    }

    public URI scoringUrl() {
        return scoringUrl;
    }

    public URI alertUrl() {
        return alertUrl;
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** The running instance of one service, by name ({@code ingest-service}, {@code scoring-streams}, {@code alert-service}). */
    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named " + name));
    }

    /** Kills the named services with SIGKILL, all signals first and then the waits, so they die together. */
    public void kill(List<String> names) {
        List<ServiceProcess> victims = names.stream().map(this::service).toList();
        victims.forEach(v -> ProcessHandle.of(v.pid()).ifPresent(ProcessHandle::destroyForcibly));
        victims.forEach(ServiceProcess::kill);
    }

    /**
     * Starts the named services again (after {@link #kill}) on the same ports, settings and logs, all of them first
     * and then waiting, at most {@code atMost} each, until they are ready.
     */
    public void restart(List<String> names, Duration atMost) {
        List<ServiceProcess> restarted = new ArrayList<>();
        for (String name : names) {
            ServiceProcess old = service(name);
            ServiceProcess fresh = old.restart();
            services.set(services.indexOf(old), fresh);
            restarted.add(fresh);
        }
        for (ServiceProcess service : restarted) {
            service.awaitReady(atMost);
        }
    }

    /** Stops the services in reverse order of the flow: alerts first, ingest last. */
    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
    }
}
