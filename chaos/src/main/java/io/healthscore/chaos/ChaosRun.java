package io.healthscore.chaos;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.UsageEvent;
import io.healthscore.chaos.fault.FaultInjector;
import io.healthscore.chaos.fault.FaultRecord;
import io.healthscore.chaos.load.ChaosAccount;
import io.healthscore.chaos.load.IngestSender;
import io.healthscore.chaos.load.Ledger;
import io.healthscore.chaos.load.SteadyLoad;
import io.healthscore.chaos.receiver.ChaosReceiver;
import io.healthscore.chaos.reconcile.AlertFigures;
import io.healthscore.chaos.reconcile.DeliveryFigures;
import io.healthscore.chaos.reconcile.EventFigures;
import io.healthscore.chaos.reconcile.GroupProgress;
import io.healthscore.chaos.reconcile.OutboxSnapshot;
import io.healthscore.chaos.reconcile.TopicSnapshot;
import io.healthscore.chaos.report.ChaosReport;
import io.healthscore.chaos.report.SecretScan;
import io.healthscore.e2e.process.PipelineProcesses;
import io.healthscore.e2e.process.PipelineSettings;
import io.healthscore.e2e.process.RunFiles;
import io.healthscore.e2e.process.ServiceProcess;
import io.healthscore.e2e.process.ServiceSpec;
import io.healthscore.e2e.process.WriteKeys;
import io.healthscore.e2e.time.CompressedClock;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.serde.AvroDeserializer;
import io.healthscore.stack.ApicurioRegistry;
import io.healthscore.stack.KafkaBroker;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.PostgresServer;
import io.healthscore.stack.StackConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One chaos run, start to finish: the local stack on free ports (data in the work directory), the three services
 * with settings that make faults show quickly (a 15 s delivery lease, 4 delivery attempts), a steady load with
 * known totals, the plan's faults injected while it runs, then quiescence, reconciliation, a scan of every log
 * for the run's secrets, and the {@link ChaosReport}. Closing stops everything it started. Services run from a
 * copy of their build taken at the start ({@link ServiceBuilds}), so every restart starts the same code.
 * <p>
 * Time is real: events occur "now" and ingest stamps its own clock (a compressed clock running at factor 1), so
 * scoring's late and future gates accept every event however long a fault delays it, and its messageId dedup
 * (48 h) covers every retry. The chaos scoring model publishes a score on every evaluation ({@code emitStep: 0}),
 * so the latest score of an account always carries its current {@code eventCount}.
 */
final class ChaosRun implements AutoCloseable {

    static final String MESSAGE_ID_DOMAIN = "chaos.healthscore.local";
    private static final Duration SERVICES_READY = Duration.ofSeconds(150);
    private static final Duration CATCH_UP = Duration.ofSeconds(180);
    private static final Duration SETTLE = Duration.ofSeconds(150);

    private final ChaosPlan plan;
    private final long seed;
    private final Path repoRoot;
    private final Path workDir;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private LocalStack stack;
    private ChaosReceiver receiver;
    private PipelineProcesses services;
    private SteadyLoad load;
    private FaultInjector injector;
    private ExecutorService faultThread;
    private boolean closed;

    ChaosRun(ChaosPlan plan, long seed, Path repoRoot, Path workDir, PrintStream out) {
        this.plan = plan;
        this.seed = seed;
        this.repoRoot = repoRoot;
        this.workDir = workDir;
        this.out = out;
    }

    ChaosReport run() throws Exception {
        Pipeline pipeline = startPipeline();
        Ledger ledger = new Ledger();
        List<ChaosAccount> accounts = ChaosAccount.generate(plan.accounts(), LocalDate.now(ZoneOffset.UTC));
        load = new SteadyLoad(accounts, new IngestSender(services.ingestUrl(), pipeline.writeKeys(), ledger,
                plan.lostAnswerEvery()), plan.eventsPerSecond(), plan.batchSize(), seed, "chaos" + seed);
        load.publishProfiles(Duration.ofSeconds(60));
        try (Admin admin = admin(pipeline.bootstrap())) {
            awaitGroup(admin, PipelineProcesses.SCORING_APPLICATION_ID, List.of(TopicNames.defaults().accountProfiles()), 0);
        }
        say(String.format(Locale.ROOT, "Services ready; %d accounts, %.0f events/s. Load and faults (%d) begin.",
                accounts.size(), plan.eventsPerSecond(), plan.faults().size()));
        List<FaultRecord> faults = loadUnderFaults(pipeline, ledger);
        Quiet quiet = quiesce(pipeline.bootstrap(), pipeline.jdbcUrl());
        say("Quiet. Reconciling ...");
        return reconcile(pipeline.bootstrap(), pipeline.jdbcUrl(), pipeline.registryClient(), ledger, faults, quiet);
    }

    /** The stack's components as the faults reach them, and what the run's clients need. */
    private record Pipeline(KafkaBroker broker, ApicurioRegistry registry, PostgresServer postgres, String bootstrap,
                            String jdbcUrl, SchemaRegistryClient registryClient, WriteKeys writeKeys) {
    }

    /** The local stack, the receivers and the three services, with the run's secrets collected for the scan. */
    private Pipeline startPipeline() throws Exception {
        say("Starting the local stack (data in " + workDir + ") ...");
        stack = new LocalStack(StackConfig.onFreePorts(workDir.resolve("stack"))).startAll();
        stack.provision();
        // Held directly: LocalStack's accessors start a stopped component, which a fault must not have undone.
        Pipeline pipeline = new Pipeline(stack.kafka(), stack.registry(), stack.postgres(),
                stack.kafka().bootstrapServers(), stack.jdbcUrl(), stack.registryClient(), WriteKeys.random());
        receiver = ChaosReceiver.start();
        String slackPath = "/services/T0CHAOS/B0CHAOS/" + RunFiles.randomSecret();
        secrets.put("product write key", pipeline.writeKeys().product());
        secrets.put("CRM write key", pipeline.writeKeys().crm());
        secrets.put("Slack webhook URL (secret path)", slackPath);
        CompressedClock realTime = CompressedClock.standingAt(Instant.now(), 1.0 / Duration.ofDays(1).toMinutes(),
                workDir.resolve("clock-start"));
        realTime.start();
        PipelineSettings settings = new PipelineSettings(repoRoot, workDir, pipeline.bootstrap(),
                pipeline.registry().confluentUrl(), pipeline.jdbcUrl(), stack.smtp().port(),
                pipeline.writeKeys(), RunFiles.writePlaybooks(workDir),
                receiver.url(ChaosPlan.SLACK, slackPath), receiver.url(ChaosPlan.CRM, ""), RunFiles.randomSecret(),
                RunFiles.randomSecret(), realTime, plan.evaluationInterval());
        Path model = Files.writeString(workDir.resolve("scoring-model-chaos.yml"),
                "modelVersion: \"chaos-1\"\n# Every evaluation publishes, so the latest score carries the current eventCount.\nemitStep: 0\n");
        Map<String, String> runSecrets = Map.of("API_TOKENS_CSM_TOKEN", RunFiles.randomSecret(),
                "MAIL_PASSWORD", RunFiles.randomSecret(), "SCORING_HTTP_TOKEN", RunFiles.randomSecret());
        say("Stack ready. Starting ingest, scoring and alert services ...");
        ServiceBuilds builds = new ServiceBuilds(workDir.resolve("build"));
        services = PipelineProcesses.start(settings, SERVICES_READY,
                spec -> builds.pinned(adjust(spec, model, runSecrets)));
        for (ServiceProcess s : services.services()) {
            SecretScan.collect(s.spec().environment(), s.name(), secrets);
            SecretScan.collect(s.spec().systemProperties(), s.name(), secrets);
        }
        return pipeline;
    }

    /** Runs the load while the plan's faults are injected, then stops it; returns the faults as they happened. */
    private List<FaultRecord> loadUnderFaults(Pipeline pipeline, Ledger ledger) throws Exception {
        load.start(plan.plannedLoad(), plan.plannedLoad().multipliedBy(3));
        injector = new FaultInjector(services, pipeline.broker(), pipeline.registry(), pipeline.postgres(), receiver,
                out, startNanos);
        faultThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "chaos-faults"));
        Future<List<FaultRecord>> faulting = faultThread.submit(() -> injector.run(plan.faults()));
        List<FaultRecord> faults = awaitFaults(faulting, ledger, plan.plannedLoad().multipliedBy(3));
        pause(plan.tail());
        say("Faults done; stopping the load and waiting for quiescence ...");
        if (!load.stop(plan.drainAtMost())) {
            notes.add("some requests were still retrying when the load gave up");
        }
        say(String.format(Locale.ROOT, "Load stopped: %,d events sent, %,d accepted.", ledger.usageSent(),
                ledger.usageAccepted()));
        return faults;
    }

    /** Waits for the fault schedule to end, with a line on the load every 20 s. */
    private List<FaultRecord> awaitFaults(Future<List<FaultRecord>> faulting, Ledger ledger, Duration atMost)
            throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            try {
                return faulting.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the fault schedule did not end within " + atMost);
                }
                Ledger.Figures f = ledger.figures();
                say(String.format(Locale.ROOT, "load: %,d events accepted of %,d sent; %,d requests settled, %,d of "
                        + "them sent more than once", ledger.usageAccepted(), ledger.usageSent(), f.requests(),
                        f.retriedRequests()));
            } catch (ExecutionException e) {
                throw new IllegalStateException("fault injection failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** Settings of a chaos run on top of the pipeline's: faults show within the run's minutes. */
    static ServiceSpec adjust(ServiceSpec spec, Path model, Map<String, String> runSecrets) {
        return switch (spec.name()) {
            case ChaosPlan.SCORING -> {
                // Queries need scoring's token; the open probe says when its stores are queryable.
                // A restarted instance gets its tasks once the killed one's session has expired: 10 s, not 45 s.
                ServiceSpec s = spec.withSystemProperties(Map.of("scoring.model-file", model.toString(),
                                "kafka.session.timeout.ms", "10000"))
                        .withEnvironment(Map.of("SCORING_HTTP_TOKEN", runSecrets.get("SCORING_HTTP_TOKEN")));
                yield new ServiceSpec(s.name(), s.moduleDir(), s.mainClass(), s.extraClassPath(), s.environment(),
                        s.systemProperties(), s.jvmOptions(), s.readinessUrl().resolve("/health/readiness"));
            }
            case ChaosPlan.ALERTS -> spec.withSystemProperties(Map.of(
                            // A dead worker's claims are taken over after 15 s instead of 2 min.
                            "delivery.lease", "15s",
                            "delivery.send-timeout", "3s",
                            // 2 s, 4 s, 8 s between 4 attempts: a receiver down for more than ~15 s dead-letters.
                            "delivery.max-attempts", "4",
                            "delivery.initial-backoff", "2s",
                            // The daily digest would add mail at 08:00 UTC only; it is not what this run is about.
                            "digest.enabled", "false",
                            "mail.message-id-domain", MESSAGE_ID_DOMAIN))
                    .withEnvironment(Map.of("API_TOKENS_CSM_TOKEN", runSecrets.get("API_TOKENS_CSM_TOKEN"),
                            "MAIL_PASSWORD", runSecrets.get("MAIL_PASSWORD")));
            default -> spec;
        };
    }

    /** What the pipeline looked like once it was quiet: dead rows before replay, and which were replayed. */
    private record Quiet(Map<OutboxSnapshot.Row, Boolean> deadBeforeReplay, Set<Long> replayed) {
    }

    private Quiet quiesce(String bootstrap, String jdbcUrl) throws Exception {
        TopicNames topics = TopicNames.defaults();
        try (Admin admin = admin(bootstrap)) {
            List<String> inputs = List.of(topics.usageEvents(), topics.accountSignals(), topics.accountProfiles());
            awaitGroup(admin, PipelineProcesses.SCORING_APPLICATION_ID, inputs, 0);
            if (!load.closeWithLogins(plan.drainAtMost())) {
                notes.add("the closing logins did not all get an answer");
            }
            awaitGroup(admin, PipelineProcesses.SCORING_APPLICATION_ID, inputs, 0);
            // The alert service reads scoring's transactional output: its topics end with a commit marker.
            awaitGroup(admin, "alert-service", List.of(topics.churnRiskAlerts(), topics.healthScores(),
                    topics.levelTransitions()), 1);
        }
        OutboxSnapshot settled = awaitOutboxSettled(jdbcUrl);
        Map<OutboxSnapshot.Row, Boolean> dead = new LinkedHashMap<>();
        List<ChaosReceiver.Receipt> receipts = receiver.receipts();
        settled.deliveries().stream().filter(r -> r.status().equals("DEAD"))
                .forEach(r -> dead.put(r, DeliveryFigures.justified(r, receipts)));
        Set<Long> replayed = new HashSet<>();
        if (!dead.isEmpty()) {
            say(dead.size() + " deliveries are DEAD; replaying them through the operator API ...");
            OperatorApi api = new OperatorApi(services.alertUrl(), operatorToken());
            for (OutboxSnapshot.Row row : dead.keySet()) {
                if (api.replay(row.id())) {
                    replayed.add(row.id());
                }
            }
            awaitOutboxSettled(jdbcUrl);
        }
        awaitReceiversQuiet();
        return new Quiet(dead, replayed);
    }

    private String operatorToken() {
        return services.service(ChaosPlan.ALERTS).spec().environment().get("API_TOKENS_OPS_TOKEN");
    }

    private OutboxSnapshot awaitOutboxSettled(String jdbcUrl) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        OutboxSnapshot snapshot = OutboxSnapshot.read(jdbcUrl);
        int stableRounds = 0;
        while (System.nanoTime() < deadline) {
            pause(Duration.ofSeconds(1));
            OutboxSnapshot next = OutboxSnapshot.read(jdbcUrl);
            boolean same = next.deliveries().size() == snapshot.deliveries().size() && next.unsettled() == 0;
            stableRounds = same ? stableRounds + 1 : 0;
            snapshot = next;
            if (stableRounds >= 3) {
                return snapshot;
            }
        }
        notes.add("the outbox did not settle within " + SETTLE.toSeconds() + " s (" + snapshot.unsettled()
                + " rows still PENDING or IN_FLIGHT)");
        return snapshot;
    }

    private void awaitReceiversQuiet() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            long now = receiver.receipts().size() + stack.smtp().messages().size();
            if (now == seen) {
                return;
            }
            seen = now;
            pause(Duration.ofSeconds(3));
        }
        notes.add("the receivers were still receiving 30 s after the outbox settled");
    }

    private void awaitGroup(Admin admin, String group, List<String> topics, int markerSlack) {
        if (!GroupProgress.awaitCaughtUp(admin, group, topics, markerSlack, CATCH_UP)) {
            notes.add(group + " had not caught up with " + topics + " within " + CATCH_UP.toSeconds() + " s");
        }
    }

    private ChaosReport reconcile(String bootstrap, String jdbcUrl, SchemaRegistryClient registryClient, Ledger ledger,
                                  List<FaultRecord> faults, Quiet quiet) throws Exception {
        TopicNames topics = TopicNames.defaults();
        Duration readAtMost = Duration.ofSeconds(120);
        AvroDeserializer<UsageEvent> usage = new AvroDeserializer<>(registryClient, UsageEvent.class);
        List<UsageEvent> usageRecords = decode(TopicSnapshot.read(bootstrap, topics.usageEvents(), readAtMost), usage);
        List<UsageEvent> deadLetters = new ArrayList<>();
        long undecodable = 0;
        for (ConsumerRecord<String, byte[]> r : TopicSnapshot.read(bootstrap, topics.usageEvents() + topics.dlqSuffix(), readAtMost)) {
            try {
                deadLetters.add(usage.deserialize(r.topic(), r.value()));
            } catch (RuntimeException e) {
                undecodable++;
            }
        }
        if (undecodable > 0) {
            notes.add(undecodable + " records on the usage-events dead-letter topic could not be decoded");
        }
        List<HealthScore> scores = decode(TopicSnapshot.read(bootstrap, topics.healthScores(), readAtMost),
                new AvroDeserializer<>(registryClient, HealthScore.class));
        List<ChurnRiskAlert> alerts = decode(TopicSnapshot.read(bootstrap, topics.churnRiskAlerts(), readAtMost),
                new AvroDeserializer<>(registryClient, ChurnRiskAlert.class));
        OutboxSnapshot outbox = OutboxSnapshot.read(jdbcUrl);

        EventFigures events = EventFigures.reconcile(ledger, usageRecords, deadLetters, scores);
        AlertFigures alertFigures = AlertFigures.reconcile(ledger.acceptedSignals(), alerts, outbox.alerts());
        DeliveryFigures deliveries = DeliveryFigures.reconcile(outbox, quiet.deadBeforeReplay(), quiet.replayed(),
                receiver.receipts(), stack.smtp().messages(), MESSAGE_ID_DOMAIN);
        if (!ledger.unresolvedSignals().isEmpty()) {
            notes.add(ledger.unresolvedSignals().size() + " signals never got a 2xx; their alerts were not expected");
        }

        say("Stopping the services and scanning the logs for secrets ...");
        services.close();
        SecretScan.Result scan = SecretScan.scan(secrets, logFiles());
        return new ChaosReport(plan.name(), seed, startedAt, Duration.ofNanos(System.nanoTime() - startNanos), faults,
                ledger.figures(), events, alertFigures, deliveries, scan, List.copyOf(notes));
    }

    /** Service logs, the registry's and PostgreSQL's logs, RocksDB's LOG files; not Kafka's data (".log" segments). */
    private List<Path> logFiles() {
        return SecretScan.logFiles(workDir, List.of(stack.config().kafkaDir(), workDir.resolve("build")));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
            List<ConsumerRecord<String, byte[]>> records, AvroDeserializer<T> deserializer) {
        List<T> values = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.value() != null) {
                values.add(deserializer.deserialize(r.topic(), r.value()));
            }
        }
        return values;
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "chaos-run");
        return Admin.create(props);
    }

    private static void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0 && !Thread.currentThread().isInterrupted();
             left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private void say(String line) {
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
        out.flush();
    }

    /** Stops the load, faults, services, receiver and stack; safe to call twice (also from Ctrl-C). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (faultThread != null) {
            faultThread.shutdownNow();
        }
        if (injector != null) {
            injector.close();
        }
        if (load != null) {
            load.close();
        }
        if (services != null) {
            services.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }
}
