package io.healthscore.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./healthscore stack}: starts the local stack on loopback, provisions topics and schemas, prints every
 * endpoint and stays up until Ctrl-C, when it stops everything cleanly and keeps the data for the next start.
 */
public final class LocalStackMain {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackMain.class);

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        StackConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("healthscore stack: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (config == null) {
            System.out.println(usage());
            return;
        }
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        LocalStack stack = new LocalStack(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the local stack (data kept in " + config.dataDir().toAbsolutePath() + ") ...");
            try {
                stack.close();
            } finally {
                stopped.countDown();
                out.println("Stopped.");
            }
        }, "stack-shutdown"));
        try {
            stack.startAll();
            StackProvisioner.Result provisioned = stack.provision();
            StackJournal.History history;
            try (Connection c = stack.postgres().connect(config.database())) {
                history = StackJournal.recordStart(c);
            }
            Duration ready = Duration.ofNanos(System.nanoTime() - t0);
            try (StackConsole console = new StackConsole(config.host(), config.consolePort(), () -> status(stack), stack.smtp())) {
                printReady(out, stack, provisioned, history, ready);
                stopped.await();
            }
        } catch (StackStartupException e) {
            LOG.debug("start-up failed", e);
            System.err.println("healthscore stack: " + e.getMessage());
            System.exit(1);
        }
    }

    static StackConfig parse(String[] args) {
        Map<String, String> settings = new HashMap<>(System.getenv());
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            }
            String option = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                option = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            settings.put(StackConfig.settingOf(option), value);
        }
        return StackConfig.fromEnvironment(settings, Path.of(".healthscore"));
    }

    static String usage() {
        return """
                usage: healthscore stack [--data-dir DIR] [--kafka-port P] [--kafka-controller-port P]
                                         [--registry-port P] [--registry-management-port P] [--postgres-port P]
                                         [--smtp-port P] [--console-port P] [--partitions N] [--database NAME]
                Every option can also be set as an environment variable: --kafka-port is HEALTHSCORE_KAFKA_PORT.
                Defaults: data .healthscore/, Kafka 9092 (controller 9093), registry 8081 (management 8082),
                PostgreSQL 15432, SMTP 2525, console 8025, 6 partitions, database healthscore.""";
    }

    private static void printReady(PrintStream out, LocalStack stack, StackProvisioner.Result provisioned,
                                   StackJournal.History history, Duration ready) {
        StackConfig c = stack.config();
        out.println();
        out.println("healthscore local stack (loopback only; data in " + c.dataDir().toAbsolutePath() + ")");
        out.println("  Kafka bootstrap    " + stack.kafka().bootstrapServers());
        out.println("  Schema registry    " + stack.registry().confluentUrl() + "   (Confluent-compatible API)");
        out.println("  PostgreSQL JDBC    " + stack.jdbcUrl() + "   (user " + PostgresServer.USER + ", no password)");
        out.println("  SMTP catcher       " + c.host() + ":" + stack.smtp().port()
                + "   (caught mail: http://" + c.host() + ":" + c.consolePort() + "/api/mail)");
        out.println("  Status             http://" + c.host() + ":" + c.consolePort() + "/api/status");
        out.println("  Topics             " + provisioned.topicsCreated().size() + " created, "
                + provisioned.topicsExisting().size() + " already there");
        out.println("  Schemas            " + provisioned.schemaIds() + " (global compatibility "
                + provisioned.globalCompatibility() + ")");
        out.println("  Database           " + history.previousStarts() + " earlier start(s) recorded"
                + history.lastStart().map(t -> ", last at " + t).orElse(""));
        stack.startTimes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out.printf("  Started %-10s in %.1f s%n", e.getKey(), e.getValue().toMillis() / 1000.0));
        if (status(stack).get("memory") instanceof Map<?, ?> memory) {
            memory.forEach((k, v) -> out.printf("  Memory %-28s %s%n", k, v));
        }
        out.printf("READY in %.1f s. Press Ctrl-C to stop.%n", ready.toMillis() / 1000.0);
    }

    static Map<String, Object> status(LocalStack stack) {
        Map<String, Object> status = new LinkedHashMap<>();
        StackConfig c = stack.config();
        status.put("kafkaBootstrap", stack.kafka().bootstrapServers());
        status.put("registryUrl", stack.registry().confluentUrl());
        status.put("jdbcUrl", stack.jdbcUrl());
        status.put("smtp", c.host() + ":" + c.smtpPort());
        status.put("dataDir", c.dataDir().toAbsolutePath().toString());
        Map<String, Object> starts = new LinkedHashMap<>();
        stack.startTimes().forEach((k, v) -> starts.put(k, v.toMillis()));
        status.put("startMillis", starts);
        Map<String, Object> memory = new LinkedHashMap<>();
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        memory.put("launcher (kafka + smtp) rss", ProcessMemory.megabytes(ProcessMemory.residentBytes(ProcessHandle.current().pid())));
        memory.put("launcher heap used", heapUsed / (1024 * 1024) + " MiB");
        memory.put("registry rss", ProcessMemory.megabytes(stack.registry().pid()
                .map(ProcessMemory::residentBytesWithChildren).orElse(OptionalLong.empty())));
        memory.put("postgres rss (all processes)", ProcessMemory.megabytes(stack.postgres().pid()
                .map(ProcessMemory::residentBytesWithChildren).orElse(OptionalLong.empty())));
        status.put("memory", memory);
        return status;
    }
}
