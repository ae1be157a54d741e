package io.healthscore.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting, watching and stopping child processes: the stack's registry and PostgreSQL, and the service JVMs the
 * demo and end-to-end tests start. One implementation, so every child gets the same safety net against kill -9.
 */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** The java executable of this JVM, so children run on the same (>= 21) runtime. */
    public static String currentJava() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Starts a shell that waits for this JVM to end, then sends {@code signal} (e.g. "TERM", or "INT" for
     * PostgreSQL's fast shutdown) to {@code childPid}, and SIGKILL if it is still there after {@code grace}: the
     * safety net for kill -9, which skips shutdown hooks. The escalation matters because a child may hang in
     * its own shutdown waiting for a broker that died with this JVM.
     * <p>
     * The shell learns of this JVM's end from end-of-file on its standard input (the pipe's other end is held
     * only by this JVM), so no process id has to be polled. It ignores SIGINT and SIGHUP, so a Ctrl-C or a closed
     * terminal does not remove the safety net while the shutdown hooks are still stopping the children.
     */
    public static Process watchdog(long childPid, String signal, Duration grace) throws IOException {
        String script = "trap '' INT HUP; read _; "
                + "kill -" + signal + " " + childPid + " 2>/dev/null; "
                + "i=0; while [ $i -lt " + Math.max(1, grace.toSeconds()) + " ] && kill -0 " + childPid + " 2>/dev/null; "
                + "do sleep 1; i=$((i+1)); done; kill -9 " + childPid + " 2>/dev/null";
        return new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /**
     * Kills the process named in {@code pidFile} if it is still running and its command line contains
     * {@code marker} (something unique to the process this stack started, such as its own temporary directory),
     * so a recycled pid of an unrelated process is never touched.
     */
    static void killStale(Path pidFile, String marker) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        String content = Files.readString(pidFile).trim();
        Files.delete(pidFile);
        long pid;
        try {
            pid = Long.parseLong(content);
        } catch (NumberFormatException e) {
            return;
        }
        ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(marker)).orElse(false))
                .ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
                });
    }

    /**
     * Stops a process left over by an earlier run that was killed: sends {@code signal}, waits up to
     * {@code grace}, then kills it. Does nothing unless the process is alive and its command line contains
     * {@code marker}, so a recycled pid of an unrelated process is never touched.
     */
    static void stopLeftover(long pid, String marker, String signal, Duration grace) throws IOException {
        ProcessHandle handle = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(marker)).orElse(false))
                .orElse(null);
        if (handle == null) {
            return;
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            handle.destroyForcibly();
            handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> handle).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("interrupted while stopping leftover process " + pid);
        }
    }

    /** SIGTERM, then SIGKILL if the process is still there after {@code grace}. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartupException("interrupted");
        }
    }
}
