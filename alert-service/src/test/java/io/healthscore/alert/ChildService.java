package io.healthscore.alert;

import io.healthscore.stack.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The alert service in a child JVM (same classpath as the tests), configured by system properties, so a test
 * can kill it with SIGKILL mid-work and start it again on the same database and topics.
 */
final class ChildService implements AutoCloseable {

    private final Process process;

    private ChildService(Process process) {
        this.process = process;
    }

    static ChildService start(Map<String, Object> properties, Path log) {
        String java = ChildProcesses.currentJava();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + (v instanceof Collection<?> c
                ? String.join(",", c.stream().map(Object::toString).toList()) : v)));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.healthscore.alert.Application");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            return new ChildService(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no chance to mark anything. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + process.pid() + " did not die");
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    kill9();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static Path logFile(String name) {
        return new File("target/child-logs/" + name + ".log").toPath();
    }
}
