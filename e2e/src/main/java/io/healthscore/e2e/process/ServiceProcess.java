package io.healthscore.e2e.process;

import io.healthscore.stack.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One service running as a child JVM on this JVM's java executable, with its output in a log file. It is
 * stopped with SIGTERM and, after a grace, SIGKILL: by {@link #close()}, by a shutdown hook of this JVM (test
 * failures, Ctrl-C) and, should this JVM be killed outright, by a watchdog ({@link ChildProcesses#watchdog}); so no run leaves a
 * service behind.
 */
public final class ServiceProcess implements AutoCloseable {

    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL_EVERY = Duration.ofMillis(250);

    private final ServiceSpec spec;
    private final Process process;
    private final Process watchdog;
    private final Path log;
    private final Thread shutdownHook;

    private ServiceProcess(ServiceSpec spec, Process process, Process watchdog, Path log) {
        this.spec = spec;
        this.process = process;
        this.watchdog = watchdog;
        this.log = log;
        this.shutdownHook = new Thread(() -> stop(STOP_GRACE), "stop-" + spec.name());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the service; its output goes to {@code <logDir>/<name>.log}. */
    public static ServiceProcess start(ServiceSpec spec, Path logDir) {
        return start(spec, logDir, false);
    }

    private static ServiceProcess start(ServiceSpec spec, Path logDir, boolean appendLog) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.currentJava());
        command.addAll(spec.jvmOptions());
        spec.systemProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(classPath(spec));
        command.add(spec.mainClass());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(spec.name() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.moduleDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(spec.environment());
            Process process = builder.start();
            return new ServiceProcess(spec, process, ChildProcesses.watchdog(process.pid(), "TERM", STOP_GRACE), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /** The module's classes, its runtime dependencies as written at {@code package}, then the extra entries. */
    static String classPath(ServiceSpec spec) {
        Path classes = spec.moduleDir().resolve("target/classes");
        Path dependencies = spec.moduleDir().resolve("target/classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(dependencies)) {
            throw new IllegalStateException(spec.name() + " is not built (" + dependencies + " is missing): run "
                    + "./mvnw -B -q -DskipTests package -pl " + spec.moduleDir().getFileName());
        }
        try {
            List<String> entries = new ArrayList<>();
            entries.add(classes.toString());
            entries.add(Files.readString(dependencies, StandardCharsets.UTF_8).trim());
            spec.extraClassPath().forEach(p -> entries.add(p.toString()));
            return String.join(java.io.File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls the readiness URL until it answers 200; fails early, with the end of the log, if the process ends
     * or the bound passes.
     */
    public ServiceProcess awaitReady(Duration atMost) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(spec.readinessUrl()).timeout(Duration.ofSeconds(3)).GET().build();
        long deadline = System.nanoTime() + atMost.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with " + process.exitValue()
                        + " before it was ready; end of " + log + ":\n" + tail(40));
            }
            try {
                lastStatus = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (lastStatus == 200) {
                    return this;
                }
            } catch (IOException e) {
                lastStatus = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.name(), e);
            }
            // A bounded poll: the loop ends at the deadline, this only spaces the probes.
            LockSupport.parkNanos(POLL_EVERY.toNanos());
        }
        throw new IllegalStateException(spec.name() + " not ready within " + atMost + " (last answer of "
                + spec.readinessUrl() + ": " + lastStatus + "); end of " + log + ":\n" + tail(40));
    }

    public String name() {
        return spec.name();
    }

    public ServiceSpec spec() {
        return spec;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGTERM, then SIGKILL if the process is still there after {@code grace}. */
    public void stop(Duration grace) {
        try {
            if (process.isAlive()) {
                ChildProcesses.stop(process, grace);
            }
        } finally {
            watchdog.destroyForcibly();
        }
    }

    /**
     * Kills the service outright, as {@code kill -9} does (SIGKILL: no shutdown hook, no graceful shutdown, nothing
     * flushed), and waits until it is gone. For fault-injection runs; {@link #restart()} starts it again.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(spec.name() + " (pid " + process.pid() + ") survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + spec.name(), e);
        } finally {
            // The watchdog would otherwise signal the dead service's pid, which the system may give to another process.
            watchdog.destroyForcibly();
            removeShutdownHook();
        }
    }

    /**
     * Starts the service again with the same spec, its output appended to the same log; the old process must have
     * ended (killed or stopped). Does not wait for readiness: see {@link #awaitReady(Duration)}.
     */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(spec.name() + " (pid " + process.pid() + ") is still running");
        }
        removeShutdownHook();
        return start(spec, log.getParent(), true);
    }

    @Override
    public void close() {
        stop(STOP_GRACE);
        removeShutdownHook();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; the process is stopped either way.
        }
    }

    /**
     * Whether the process ended because its listening port was taken (the messages of Micronaut's and the JDK's
     * HTTP servers), so that a launcher can try another port.
     */
    public boolean failedToBind() {
        if (process.isAlive()) {
            return false;
        }
        String end = tail(200);
        return end.contains("already in use") || end.contains("BindException");
    }

    /** The last lines of the service's log, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
