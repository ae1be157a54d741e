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
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./healthscore stack}: starts the local stack on loopback, provisions topics and schemas, prints every
 * endpoint and stays up until Ctrl-C, when it stops everything cleanly and keeps the data for the next start.
 */
public final class LocalStackMain {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackMain.class);

    private LocalStackMain() {
    }

    public static void main(String[] args) {
        StackConfig config;
        try {
            config = parse(args, System.getenv());
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
        System.exit(run(config, System.out));
    }

    /** Runs the stack until the JVM is asked to stop; returns the exit code for a failed start. */
    private static int run(StackConfig config, PrintStream out) {
        long t0 = System.nanoTime();
        LocalStack stack = new LocalStack(config);
        AtomicReference<StackConsole> console = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the local stack (data kept in " + config.dataDir() + ") ...");
            try {
                // The console first, so no request can reach a component that is stopping.
                StackConsole open = console.getAndSet(null);
                if (open != null) {
                    open.close();
                }
                stack.close();
                out.println("Stopped.");
            } finally {
                stopped.countDown();
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
            console.set(new StackConsole(config.host(), config.consolePort(), () -> status(stack), stack.smtp()));
            printReady(out, stack, provisioned, history, ready);
            stopped.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            // Any failure ends the process: Kafka's threads are not daemons and would keep a broken stack alive.
            LOG.debug("start-up failed", e);
            System.err.println("healthscore stack: " + (e instanceof StackStartupException ? "" : e.getClass().getSimpleName() + ": ")
                    + e.getMessage());
            return 1;
        }
    }

    static StackConfig parse(String[] args, Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>(environment);
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
        out.println("healthscore local stack (loopback only; data in " + c.dataDir() + ")");
        out.println("  Kafka bootstrap    " + c.kafkaBootstrap());
        out.println("  Schema registry    " + c.registryUrl() + "   (Confluent-compatible API)");
        out.println("  PostgreSQL JDBC    " + c.jdbcUrl() + "   (user " + PostgresServer.USER + ", no password)");
        out.println("  SMTP catcher       " + c.host() + ":" + c.smtpPort()
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

    /** Built from the configuration and running processes only: asking for status never starts anything. */
    static Map<String, Object> status(LocalStack stack) {
        Map<String, Object> status = new LinkedHashMap<>();
        StackConfig c = stack.config();
        status.put("kafkaBootstrap", c.kafkaBootstrap());
        status.put("registryUrl", c.registryUrl());
        status.put("jdbcUrl", c.jdbcUrl());
        status.put("smtp", c.host() + ":" + c.smtpPort());
        status.put("dataDir", c.dataDir().toString());
        Map<String, Object> starts = new LinkedHashMap<>();
        stack.startTimes().forEach((k, v) -> starts.put(k, v.toMillis()));
        status.put("startMillis", starts);
        Map<String, Object> memory = new LinkedHashMap<>();
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        memory.put("launcher (kafka + smtp) rss", ProcessMemory.megabytes(ProcessMemory.residentBytes(ProcessHandle.current().pid())));
        memory.put("launcher heap used", heapUsed / (1024 * 1024) + " MiB");
        memory.put("registry rss", ProcessMemory.megabytes(stack.registryPid()
                .map(ProcessMemory::residentBytesWithChildren).orElse(OptionalLong.empty())));
        memory.put("postgres rss (all processes)", ProcessMemory.megabytes(stack.postgresPid()
                .map(ProcessMemory::residentBytesWithChildren).orElse(OptionalLong.empty())));
        status.put("memory", memory);
        return status;
    }
}
