package io.healthscore.bench;

import io.healthscore.e2e.process.ServiceSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three services as the benchmark runs them: their own main classes and production defaults (the wall
 * clock, the bundled scoring model, ingest's default producer settings), on the local stack. Only what a
 * benchmark must change is changed: ports, the rate limit (the load comes from one source), the run's secrets,
 * and the alert service's receivers.
 */
final class BenchServices {

    static final String SOURCE = "bench";
    static final String SCORING_APPLICATION_ID = "healthscore-scoring-bench";
    /** Heap of each service; scoring's RocksDB stores live outside it. */
    private static final List<String> JVM = List.of("-Xms256m", "-Xmx512m");
    private static final List<String> SCORING_JVM = List.of("-Xms256m", "-Xmx768m");

    record Stack(Path repoRoot, Path workDir, String kafkaBootstrap, String registryUrl, String jdbcUrl, int smtpPort,
                 boolean profile) {

        Path logDir() {
            return workDir.resolve("logs");
        }
    }

    /** Settings of the scoring service given on the command line; they win over the benchmark's own. */
    static final Map<String, String> SCORING_OVERRIDES = new java.util.concurrent.ConcurrentHashMap<>();

    private BenchServices() {
    }

    /** The JVM options of a service; with {@code profile}, a JFR recording into the run's log directory. */
    static List<String> jvm(List<String> base, String name, Path logDir, boolean profile) {
        if (!profile) {
            return base;
        }
        List<String> options = new java.util.ArrayList<>(base);
        options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                + logDir.resolve(name + ".jfr").toAbsolutePath());
        return options;
    }

    static ServiceSpec ingest(Stack s, URI url, String writeKeySha256) {
        Map<String, String> env = new HashMap<>();
        env.put("INGEST_SOURCES_" + SOURCE.toUpperCase() + "_WRITE_KEY_SHA256", writeKeySha256);
        Map<String, String> props = new HashMap<>();
        props.put("micronaut.server.port", Integer.toString(url.getPort()));
        props.put("kafka.bootstrap.servers", s.kafkaBootstrap());
        props.put("schema.registry.url", s.registryUrl());
        // The bench measures throughput: its one source may send as fast as it can, for as many accounts as the
        // run has, and its latency probes post payment signals.
        props.put("ingest.rate-limit.events-per-second", "10000000");
        props.put("ingest.rate-limit.burst", "10000000");
        props.put("ingest.rate-limit.account-events-per-second", "1000000");
        props.put("ingest.rate-limit.account-burst", "1000000");
        props.put("ingest.new-accounts.per-source-per-hour", "100000000");
        props.put("ingest.sources." + SOURCE + ".signals", "all");
        props.put("ingest.sources." + SOURCE + ".profile-fields", "all");
        return new ServiceSpec("ingest-service", s.repoRoot().resolve("ingest-service"), "io.healthscore.ingest.Application",
                List.of(), env, props, jvm(JVM, "ingest-service", s.logDir(), s.profile()), url.resolve("/health/readiness"));
    }

    static ServiceSpec scoring(Stack s, URI url, String apiToken) {
        Map<String, String> props = new HashMap<>();
        props.put("kafka.bootstrap.servers", s.kafkaBootstrap());
        props.put("schema.registry.url", s.registryUrl());
        props.put("kafka.state.dir", s.workDir().resolve("scoring-state").toString());
        props.put("scoring.application-id", SCORING_APPLICATION_ID);
        props.put("micronaut.server.port", Integer.toString(url.getPort()));
        // Static membership, as a production instance with a stable name runs: a restarted instance takes its
        // partitions back at once instead of waiting for the session of its killed predecessor to time out.
        props.put("kafka.consumer.group.instance.id", "bench-scoring-1");
        props.putAll(SCORING_OVERRIDES);
        return new ServiceSpec("scoring-streams", s.repoRoot().resolve("scoring-streams"),
                "io.healthscore.scoring.app.ScoringApplication", List.of(), Map.of("SCORING_HTTP_TOKEN", apiToken),
                props, jvm(SCORING_JVM, "scoring-streams", s.logDir(), s.profile()), url.resolve("/health/readiness"));
    }

    /** @param console the console settings of the benchmark's CSM ({@link ConsoleLiveWatcher#settings}) */
    static ServiceSpec alert(Stack s, URI url, String apiToken, Path playbooks, URI webhook, String webhookSecret,
                             Map<String, String> console) {
        Map<String, String> env = new HashMap<>();
        env.put("API_TOKENS_OPS_TOKEN", apiToken);
        env.put("CHANNELS_WEBHOOKS_CRM_SECRET", webhookSecret);
        Map<String, String> props = new HashMap<>();
        props.put("micronaut.server.port", Integer.toString(url.getPort()));
        props.put("kafka.bootstrap.servers", s.kafkaBootstrap());
        props.put("schema.registry.url", s.registryUrl());
        props.put("datasources.default.url", s.jdbcUrl());
        props.put("mail.host", "127.0.0.1");
        props.put("mail.port", Integer.toString(s.smtpPort()));
        props.put("playbooks.location", "file:" + playbooks.toAbsolutePath());
        props.put("channels.webhooks.crm.url", webhook.toString());
        props.putAll(console);
        return new ServiceSpec("alert-service", s.repoRoot().resolve("alert-service"), "io.healthscore.alert.Application",
                List.of(), env, props, jvm(JVM, "alert-service", s.logDir(), s.profile()), url.resolve("/health/readiness"));
    }
}
