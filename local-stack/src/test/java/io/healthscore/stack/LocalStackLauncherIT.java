package io.healthscore.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher as users run it, in its own JVM: it comes up and reports READY, leaves no registry or PostgreSQL
 * process behind when it is killed with kill -9, finds its data again on the next start, and stops cleanly on
 * SIGTERM (what Ctrl-C triggers too).
 */
class LocalStackLauncherIT {

    @TempDir
    Path dataDir;

    @TempDir
    Path logs;

    @Test
    void survivesKillNineWithoutOrphansAndStopsCleanlyOnTerm() throws Exception {
        List<String> ports = List.of(
                "--kafka-port", port(), "--kafka-controller-port", port(), "--registry-port", port(),
                "--registry-management-port", port(), "--postgres-port", port(), "--smtp-port", port(),
                "--partitions", "2");
        String consolePort = port();

        List<Process> launched = new ArrayList<>();
        try {
            // Given a launcher that came up
            Path firstLog = logs.resolve("first.log");
            Process first = launch(ports, consolePort, firstLog, launched);
            awaitLine(first, firstLog, "READY in");
            assertThat(Files.readString(firstLog)).contains("16 created, 0 already there", "0 earlier start(s) recorded");
            String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + consolePort + "/api/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(status).contains("\"kafkaBootstrap\"", "\"registryUrl\"", "\"jdbcUrl\"");
            long registryPid = registryPid();
            long postgresPid = postgresPid();

            // When it is killed with kill -9
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

            // Then its registry and PostgreSQL processes go too
            await().atMost(Duration.ofSeconds(45)).until(() -> !alive(registryPid) && !alive(postgresPid));

            // And a new start finds the topics and the database rows of the first
            Path secondLog = logs.resolve("second.log");
            Process second = launch(ports, consolePort, secondLog, launched);
            awaitLine(second, secondLog, "READY in");
            assertThat(Files.readString(secondLog)).contains("0 created, 16 already there", "1 earlier start(s) recorded");
            long secondRegistryPid = registryPid();
            long secondPostgresPid = postgresPid();

            // And SIGTERM stops it cleanly, with its children
            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(secondLog)).contains("Stopped.");
            await().atMost(Duration.ofSeconds(30)).until(() -> !alive(secondRegistryPid) && !alive(secondPostgresPid));
            assertThat(Files.exists(dataDir.resolve("postgres/data/postmaster.pid"))).isFalse();
        } finally {
            for (Process p : launched) {
                p.destroyForcibly();
            }
        }
    }

    private long registryPid() throws IOException {
        return Long.parseLong(Files.readString(dataDir.resolve("registry/registry.pid")).trim());
    }

    private long postgresPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/data/postmaster.pid")).get(0).trim());
    }

    private Process launch(List<String> ports, String consolePort, Path log, List<Process> launched) throws IOException {
        List<String> command = new ArrayList<>(List.of(ChildProcesses.currentJava(),
                "-Xmx768m", "-Dlogback.configurationFile=healthscore-stack-logback.xml",
                "-cp", System.getProperty("java.class.path")));
        Optional.ofNullable(System.getProperty("healthscore.maven.repo")).ifPresent(r -> command.add(1, "-Dhealthscore.maven.repo=" + r));
        command.add(LocalStackMain.class.getName());
        command.addAll(List.of("--data-dir", dataDir.toString(), "--console-port", consolePort));
        command.addAll(ports);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        launched.add(process);
        return process;
    }

    private static void awaitLine(Process process, Path log, String marker) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (!process.isAlive() && !text.contains(marker)) {
                throw new AssertionError("launcher exited with " + process.exitValue() + ":\n" + text);
            }
            return text.contains(marker);
        });
    }

    /** Alive and not a zombie: an exited process stays visible until its (re)parent reaps it. */
    private static boolean alive(long pid) {
        boolean exists = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!exists) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The state letter follows the command name in parentheses: "1234 (postgres) Z ..."
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException noProcFs) {
            return true;
        }
    }

    private static String port() {
        return Integer.toString(FreePorts.next());
    }
}
