package io.healthscore.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Apicurio Registry run as a child JVM, storing its schemas in a Kafka topic ({@code kafkasql} storage) on the
 * local broker so they survive restarts. Clients use its Confluent-compatible API at {@link #confluentUrl()}.
 * Both its HTTP and management ports bind to the loopback host. A small watchdog process ends the registry if
 * this JVM dies without running its shutdown hooks (kill -9), so no orphan keeps the ports.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final String host;
    private final int port;
    private final int managementPort;
    private final String kafkaBootstrap;
    private final Path workDir;
    private final ApicurioDistribution distribution;
    private volatile Process process;
    private Process watchdog;
    /** Set by {@link #close()} so that a start waiting for readiness gives up at once instead of after minutes. */
    private volatile boolean closing;

    public ApicurioRegistry(String host, int port, int managementPort, String kafkaBootstrap, Path workDir,
                            ApicurioDistribution distribution) {
        this.host = host;
        this.port = port;
        this.managementPort = managementPort;
        this.kafkaBootstrap = kafkaBootstrap;
        this.workDir = workDir;
        this.distribution = distribution;
    }

    /** Starts the registry (again, if it died) and blocks until its readiness check passes. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        if (process != null) {
            LOG.warn("Apicurio Registry (pid {}) had exited with code {}; starting it again", process.pid(), process.exitValue());
            close();
        }
        closing = false;
        Path home = distribution.home();
        try {
            Files.createDirectories(workDir);
            ChildProcesses.killStale(pidFile(), tmpDirArgument());
            // Fail with a clear message instead of reading another process's readiness on a busy port.
            FreePorts.requireFree(host, port, "registry HTTP port");
            FreePorts.requireFree(host, managementPort, "registry management port");
            Path tmp = workDir.resolve("tmp");
            Directories.deleteRecursively(tmp);
            Files.createDirectories(tmp);
            Path log = workDir.resolve("registry.log");
            ProcessBuilder builder = new ProcessBuilder(command(home))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment());
            process = builder.start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
            watchdog = ChildProcesses.watchdog(process.pid(), "TERM", Duration.ofSeconds(5));
            awaitReady(log);
            LOG.info("Apicurio Registry {} ready at {}", distribution.version(), confluentUrl());
        } catch (IOException e) {
            close();
            throw new StackStartupException("Registry: cannot start Apicurio Registry from " + home + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Unique to this registry's process: its temporary directory lies in our work directory. */
    private String tmpDirArgument() {
        return "-Djava.io.tmpdir=" + workDir.toAbsolutePath().resolve("tmp");
    }

    private List<String> command(Path home) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildProcesses.currentJava());
        cmd.add("-Xms64m");
        cmd.add("-Xmx384m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add(tmpDirArgument());
        cmd.add("-jar");
        cmd.add(home.resolve("quarkus-run.jar").toString());
        return cmd;
    }

    private Map<String, String> environment() {
        return Map.of(
                "QUARKUS_HTTP_HOST", host,
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_MANAGEMENT_HOST", host,
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort),
                "APICURIO_STORAGE_KIND", "kafkasql",
                "APICURIO_KAFKASQL_BOOTSTRAP_SERVERS", kafkaBootstrap,
                // Start-up reads the (often empty) snapshot topic until a poll comes back empty; the default
                // 5 s poll timeout made every start wait about 10 s for nothing.
                "APICURIO_KAFKASQL_CONSUMER_POLL_TIMEOUT", "500",
                // The registry's own telemetry would otherwise try to reach outside hosts.
                "QUARKUS_OTEL_SDK_DISABLED", "true",
                // One line per request would make registry.log grow without bound.
                "QUARKUS_HTTP_ACCESS_LOG_ENABLED", "false");
    }

    private void awaitReady(Path log) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + host + ":" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < deadline) {
                if (closing) {
                    throw new StackStartupException("Registry: stopped while starting");
                }
                if (!process.isAlive()) {
                    throw new StackStartupException("Registry: Apicurio Registry exited with code " + process.exitValue()
                            + " during start-up. Last lines of " + log + ":\n" + ChildProcesses.tail(log, 30));
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // Expected while the JVM starts.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackStartupException("Registry: interrupted while waiting for readiness");
                }
                ChildProcesses.pause(Duration.ofMillis(250));
            }
        }
        throw new StackStartupException("Registry: Apicurio Registry not ready after " + READY_TIMEOUT.toSeconds()
                + " s at http://" + host + ":" + managementPort + "/health/ready. Last lines of " + log + ":\n"
                + ChildProcesses.tail(log, 30));
    }

    private Path pidFile() {
        return workDir.resolve("registry.pid");
    }

    /** Base URL of the Confluent-compatible REST API, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}. */
    public String confluentUrl() {
        return "http://" + host + ":" + port + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public Optional<Long> pid() {
        Process p = process;
        return p == null ? Optional.empty() : Optional.of(p.pid());
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** Stops the registry (SIGTERM, then SIGKILL after a grace period); a start in progress gives up. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            Process p = process;
            if (p != null) {
                ChildProcesses.stop(p, Duration.ofSeconds(15));
                process = null;
                try {
                    Files.deleteIfExists(pidFile());
                } catch (IOException ignored) {
                    // A stale pid file is checked against the process's command line before use.
                }
            }
            if (watchdog != null) {
                ChildProcesses.stop(watchdog, Duration.ofSeconds(2));
                watchdog = null;
            }
        }
    }
}
