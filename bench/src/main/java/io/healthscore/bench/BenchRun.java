package io.healthscore.bench;

import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEvent;
import io.healthscore.e2e.http.ChannelReceiver;
import io.healthscore.e2e.process.ConsumerProgress;
import io.healthscore.e2e.process.PortedLaunch;
import io.healthscore.e2e.process.RunFiles;
import io.healthscore.e2e.process.ServiceProcess;
import io.healthscore.e2e.product.PartitionCover;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.StackConfig;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One benchmark run, phase after phase on one local stack: the raw Kafka baselines, ingest alone under a
 * closed-loop HTTP load, scoring catching up with a pre-loaded {@code usage-events} (every account's history plus
 * what ingest accepted), the state that leaves behind, a kill -9 and restart of scoring, and finally the whole
 * pipeline under a fixed offered load with latency probes. Every phase is bounded in count and in time.
 */
final class BenchRun implements AutoCloseable {

    private static final Duration START_AT_MOST = Duration.ofMinutes(3);
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    /** How long the alert service must have stored nothing new before the end-to-end phase starts. */
    private static final Duration QUIET = Duration.ofSeconds(3);
    /** The alert service's consumer group (its {@code kafka.consumers.default.group-id}). */
    private static final String ALERT_GROUP = "alert-service";
    /** System property: record each service with JFR into the run's log directory. */
    static final String PROFILE = "healthscore.bench.profile";

    private final BenchOptions options;
    private final Path repoRoot;
    private final Path workDir;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private final List<ServiceProcess> services = new ArrayList<>();
    private LocalStack stack;
    private Topics topics;
    private ChannelReceiver receiver;

    BenchRun(BenchOptions options, Path repoRoot, Path workDir, PrintStream out) {
        this.options = options;
        this.repoRoot = repoRoot;
        this.workDir = workDir;
        this.out = out;
    }

    BenchResults run() throws Exception {
        BenchResults.Builder results = new BenchResults.Builder(options);
        say("starting the local stack in " + workDir);
        stack = new LocalStack(StackConfig.onFreePorts(workDir.resolve("stack"))).startAll();
        stack.provision();
        String bootstrap = stack.kafka().bootstrapServers();
        topics = Topics.create(TopicNames.defaults(), stack.registryClient(), false);
        BenchServices.Stack where = new BenchServices.Stack(repoRoot, workDir, bootstrap,
                stack.registry().confluentUrl(), stack.jdbcUrl(), stack.smtp().port(), Boolean.getBoolean(PROFILE));
        int valueBytes = typicalEventBytes(topics);
        results.eventBytes(valueBytes);

        try (Admin admin = stack.admin()) {
            // 1. The yardstick.
            say("raw Kafka: producing and consuming " + options.rawEvents() + " records of " + valueBytes + " bytes");
            RawKafkaBench.Result raw = new RawKafkaBench(bootstrap, admin).run(topics.usageEvents().name(), "bench-raw",
                    options.rawEvents(), valueBytes, options.accounts(), options.phaseTimeout());
            admin.deleteTopics(List.of("bench-raw")).all().get(30, TimeUnit.SECONDS);
            results.raw(raw);
            say(String.format("raw producer %,.0f events/s, raw consumer %,.0f events/s", raw.producerEps(), raw.consumerEps()));

            // 2. Ingest alone (scoring is not running yet, so it has the machine the raw producer had).
            String writeKey = RunFiles.randomSecret();
            PortedLaunch ingestLaunch = startOnFreePort(url -> BenchServices.ingest(where, url, RunFiles.sha256(writeKey)));
            ServiceProcess ingestProcess = ingestLaunch.process();
            URI ingestUrl = ingestLaunch.url();
            new IngestLoad(ingestUrl, writeKey, options.accounts(), options.ingestBatch(), "warm")
                    .saturate(options.ingestClients(), WARM_UP);
            say("ingest: " + options.ingestClients() + " clients, batches of " + options.ingestBatch() + ", for "
                    + options.ingestDuration().toSeconds() + " s");
            double ingestCpu = ProcessStats.cpuSeconds(ingestProcess.pid());
            IngestLoad.Result ingest = new IngestLoad(ingestUrl, writeKey, options.accounts(), options.ingestBatch(),
                    "load").saturate(options.ingestClients(), options.ingestDuration());
            ingestCpu = ProcessStats.cpuSeconds(ingestProcess.pid()) - ingestCpu;
            results.ingest(ingest, ingestCpu);
            say(String.format("ingest %,.0f events/s (%.2f of raw), request p50 %.1f ms, p99 %.1f ms, %.1f µs of CPU per "
                            + "event, failures %s", ingest.eventsPerSecond(), ingest.eventsPerSecond() / raw.producerEps(),
                    ingest.requestLatencyMs().p50(), ingest.requestLatencyMs().p99(),
                    ingestCpu * 1e6 / Math.max(1, ingest.acceptedEvents()), ingest.failures()));

            // 3. Every account's history, then scoring from a standing start.
            say("loading " + options.historyEvents() + " events of history for each of " + options.accounts() + " accounts");
            long loadStart = System.nanoTime();
            long loaded = new HistoryLoader(bootstrap, topics.usageEvents()).load(options.accounts(),
                    options.historyEvents(), options.seed(), options.phaseTimeout());
            results.history(loaded, loaded / ((System.nanoTime() - loadStart) / 1e9));
            long backlog = endOffsets(admin, topics.usageEvents().name());
            say(String.format("usage-events holds %,d events; starting scoring", backlog));
            String scoringToken = RunFiles.randomSecret();
            long scoringStart = System.nanoTime();
            PortedLaunch scoringLaunch = startOnFreePort(url -> BenchServices.scoring(where, url, scoringToken));
            ServiceProcess scoring = scoringLaunch.process();
            URI scoringUrl = scoringLaunch.url();
            ConsumerProgress.awaitCaughtUp(admin, BenchServices.SCORING_APPLICATION_ID, topics.usageEvents().name(),
                    options.phaseTimeout());
            double scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;
            double scoringCpu = ProcessStats.cpuSeconds(scoring.pid());
            results.scoring(backlog, scoringSeconds, scoringCpu);
            say(String.format("scoring caught up with %,d events in %.1f s: %,.0f events/s (%.2f of the raw consumer), "
                    + "%.1f µs of CPU per event (start-up included)", backlog, scoringSeconds, backlog / scoringSeconds,
                    backlog / scoringSeconds / raw.consumerEps(), scoringCpu * 1e6 / backlog));

            // 4. What that state costs.
            StateSize state = StateSize.measure(bootstrap, BenchServices.SCORING_APPLICATION_ID, workDir.resolve("scoring-state"),
                    options.phaseTimeout());
            long heap = ProcessStats.heapAfterGc(scoring.pid());
            long rss = ProcessStats.residentBytes(scoring.pid());
            results.state(state, heap, rss);
            say(String.format("state: %,d accounts, %.0f bytes per account in the store (%,d bytes on disk), "
                    + "heap after GC %,d MiB, RSS %,d MiB", state.accounts(), state.bytesPerAccount(),
                    state.diskBytes(), heap >> 20, rss >> 20));

            // 5. kill -9 and restart: the time until scoring answers a new event again.
            try (AlertWatcher watcher = AlertWatcher.start(bootstrap, topics.churnRiskAlerts(), "probe-")) {
                say("kill -9 scoring, restart it, wait until it scores a new event on every partition");
                if (where.profile()) {
                    ProcessStats.dumpRecording(scoring.pid(), where.logDir().resolve("scoring-streams-catch-up.jfr"));
                }
                kill(scoring);
                Relaunch afterKill = relaunchUntilScored(where, scoringUrl, scoringToken, watcher, "probe-restore");
                scoring = afterKill.process();
                say(String.format("restarted scoring scored a new event %.1f s after its launch", afterKill.scoredSeconds()));

                // A graceful restart (SIGTERM, as a rolling deployment does) keeps the local state and its checkpoint.
                say("stop scoring gracefully, restart it, wait until it scores a new event on every partition");
                scoring.close();
                services.remove(scoring);
                Relaunch afterStop = relaunchUntilScored(where, scoringUrl, scoringToken, watcher, "probe-graceful");
                scoring = afterStop.process();
                results.restore(afterKill.scoredSeconds(), afterKill.readySeconds(), afterStop.scoredSeconds());
                say(String.format("after a graceful restart, scoring scored a new event %.1f s after its launch",
                        afterStop.scoredSeconds()));

                // 6. The whole pipeline at a fixed offered load.
                // The alert service joins now and starts in steady state: it takes every alert and transition the
                // earlier phases raised (and delivers them) before the probes start, but not the timeline of the
                // backfill: its consumer group starts at the end of health-scores, as an operator who loads a
                // history would set it. Storing millions of backfilled scores one by one would otherwise keep it
                // busy for the whole measurement.
                skipToEnd(admin, ALERT_GROUP, topics.healthScores().name());
                receiver = ChannelReceiver.start();
                Path playbooks = workDir.resolve("playbooks.yml");
                Files.write(playbooks, BenchRun.class.getResourceAsStream("playbooks.yml").readAllBytes());
                String consolePassword = RunFiles.randomSecret();
                Map<String, String> consoleUser = ConsoleLiveWatcher.settings(consolePassword);
                URI alertUrl = startOnFreePort(url -> BenchServices.alert(where, url, RunFiles.randomSecret(), playbooks,
                        receiver.url("/crm"), RunFiles.randomSecret(), consoleUser)).url();
                say("waiting until the alert service has taken the earlier phases' alerts and made their deliveries");
                awaitAlertServiceQuiet(stack.jdbcUrl());
                say(String.format("end to end: %,d events/s offered for %d s, %d probes/s", options.e2eRate(),
                        options.e2eDuration().toSeconds(), options.probesPerSecond()));
                ConsumerLag lag = new ConsumerLag(admin, BenchServices.SCORING_APPLICATION_ID,
                        List.of(topics.usageEvents().name(), topics.accountSignals().name()));
                EndToEndLatency.Result e2e;
                // The probes' CSM has the console's inbox open: it hears of each alert on its live channel.
                try (ConsoleLiveWatcher console = ConsoleLiveWatcher.open(alertUrl, consolePassword)) {
                    e2e = new EndToEndLatency(ingestUrl, writeKey, options, watcher, stack.jdbcUrl(), WARM_UP, lag,
                            console).run();
                }
                results.e2e(e2e);
                say(String.format("alert p50 %.0f / p95 %.0f / p99 %.0f ms; delivery p50 %.0f / p95 %.0f / p99 %.0f ms; "
                                + "open console page p50 %.0f / p99 %.0f ms "
                                + "(%d probes, %d without alert, %d without delivery); offered load achieved %,.0f events/s; "
                                + "scoring at most %,d events behind",
                        e2e.alert().p50(), e2e.alert().p95(), e2e.alert().p99(), e2e.delivery().p50(),
                        e2e.delivery().p95(), e2e.delivery().p99(), e2e.console().p50(), e2e.console().p99(),
                        e2e.probes(), e2e.probesWithoutAlert(),
                        e2e.probesWithoutDelivery(), e2e.load().eventsPerSecond(), e2e.scoringMaxLag()));
            }
        }
        results.totalSeconds((System.nanoTime() - started) / 1e9);
        return results.build();
    }

    /** The size of a usage event as ingest writes it: the Confluent framing plus the Avro body. */
    private static int typicalEventBytes(Topics topics) {
        UsageEvent event = HistoryLoader.historyEvent(1234, 1, Instant.now(), new SplittableRandom(1));
        event.setMessageId("load-1-12345-42");
        event.setSource("bench");
        return topics.usageEvents().valueSerde().serializer().serialize(topics.usageEvents().name(), event).length;
    }

    private static void sendPaymentFailed(String bootstrap, Topics topics, List<String> accountIds) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        Instant now = Instant.now();
        try (KafkaProducer<String, AccountSignal> producer = new KafkaProducer<>(p,
                topics.accountSignals().keySerde().serializer(), topics.accountSignals().valueSerde().serializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (String accountId : accountIds) {
                AccountSignal signal = AccountSignal.newBuilder().setMessageId("restart-" + accountId)
                        .setAccountId(accountId).setType(SignalType.PAYMENT_FAILED).setAmountMinor(4_900L)
                        .setCurrency("EUR").setOccurredAt(now).setReceivedAt(now).setSource("bench").build();
                sent.add(producer.send(new ProducerRecord<>(topics.accountSignals().name(), accountId, signal)));
            }
            for (var f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the restart probe: " + e.getMessage(), e);
        }
    }

    /** A relaunched scoring instance, how long until it scored a new event and until it reported ready. */
    private record Relaunch(ServiceProcess process, double scoredSeconds, double readySeconds) {
    }

    /**
     * Launches scoring, at once writes a failed payment for one fresh account on every partition to
     * {@code account-signals}, and waits (bounded) until all their alerts have been read back: the time a restarted
     * instance needs until every one of its tasks has restored its state and resumed.
     */
    private Relaunch relaunchUntilScored(BenchServices.Stack where, URI url, String token, AlertWatcher watcher,
                                         String probePrefix) {
        long startNanos = System.nanoTime();
        long startWall = System.currentTimeMillis();
        ServiceProcess scoring = launch(BenchServices.scoring(where, url, token));
        List<String> probes = PartitionCover.ids(probePrefix, stack.config().partitions(), 1);
        sendPaymentFailed(where.kafkaBootstrap(), topics, probes);
        long deadline = System.nanoTime() + options.phaseTimeout().toNanos();
        long lastSeen = 0;
        for (String account : probes) {
            var seen = watcher.await(account, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (seen.isEmpty()) {
                throw new IllegalStateException("restarted scoring did not score " + account + " within "
                        + options.phaseTimeout() + "; end of its log:\n" + scoring.tail(40));
            }
            lastSeen = Math.max(lastSeen, seen.get());
        }
        scoring.awaitReady(START_AT_MOST);
        return new Relaunch(scoring, (lastSeen - startWall) / 1e3, (System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * Waits (bounded) until the alert service has stored nothing new for a few seconds and has no delivery left to
     * make, so probes do not queue behind earlier work. (Its committed offsets cannot say so: it commits after the
     * last record it stored, which on a transactional topic is before the transaction's commit marker.)
     */
    private void awaitAlertServiceQuiet(String jdbcUrl) {
        long deadline = System.nanoTime() + options.phaseTimeout().toNanos();
        String seen = "";
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            String now;
            long open;
            try (var c = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "");
                 var st = c.createStatement();
                 var r = st.executeQuery("SELECT (SELECT count(*) FROM alerts), (SELECT count(*) FROM level_transitions), "
                         + "(SELECT count(*) FROM account_profiles), "
                         + "(SELECT count(*) FROM deliveries WHERE status IN ('PENDING', 'IN_FLIGHT'))")) {
                r.next();
                now = r.getLong(1) + "/" + r.getLong(2) + "/" + r.getLong(3);
                open = r.getLong(4);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot read the alert service's tables: " + e.getMessage(), e);
            }
            if (!now.equals(seen) || open > 0) {
                seen = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET.toNanos()) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new IllegalStateException("the alert service was still busy after " + options.phaseTimeout());
    }

    /** Commits {@code group}'s offsets of {@code topic} at its end (the group must not be running). */
    private static void skipToEnd(Admin admin, String group, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
        var request = new java.util.HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        var offsets = new java.util.HashMap<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) ->
                offsets.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
        var request = new java.util.HashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /** Starts a service on a free port (another if that one is taken before it binds) and waits until it is ready. */
    private PortedLaunch startOnFreePort(java.util.function.Function<URI, io.healthscore.e2e.process.ServiceSpec> spec) {
        PortedLaunch launch = PortedLaunch.start(spec, workDir.resolve("logs"));
        try {
            launch.awaitReady(START_AT_MOST);
        } finally {
            services.add(launch.process());
        }
        return launch;
    }

    private ServiceProcess launch(io.healthscore.e2e.process.ServiceSpec spec) {
        ServiceProcess process = ServiceProcess.start(spec, workDir.resolve("logs"));
        services.add(process);
        return process;
    }

    private void kill(ServiceProcess process) {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        process.close();
        services.remove(process);
    }

    private void say(String line) {
        out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, line);
        out.flush();
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        services.clear();
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }
}
