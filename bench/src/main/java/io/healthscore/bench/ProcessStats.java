package io.healthscore.bench;

import io.healthscore.stack.ChildProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory of a service JVM from the outside: heap in use after a full GC (jcmd) and resident set size (/proc). */
final class ProcessStats {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private ProcessStats() {
    }

    /** Runs a full GC in the process and returns the heap then in use, in bytes. */
    static long heapAfterGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in jcmd GC.heap_info of " + pid + ": " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** CPU time the process has used so far (user and system), in seconds; NaN where the OS does not say. */
    static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /** Resident set size in bytes, or -1 where /proc is not available. */
    static long residentBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            Matcher m = RSS.matcher(Files.readString(status, StandardCharsets.UTF_8));
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Bytes of the regular files under {@code dir} (0 when it does not exist). */
    static long directoryBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new IllegalStateException("cannot measure " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the JFR recording a service started with {@code -XX:StartFlightRecording} to {@code file}. */
    static void dumpRecording(long pid, Path file) {
        jcmd(pid, "JFR.dump", "filename=" + file.toAbsolutePath());
    }

    private static String jcmd(long pid, String... command) {
        Path jcmd = Path.of(ChildProcesses.currentJava()).resolveSibling("jcmd");
        try {
            List<String> line = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
            line.addAll(List.of(command));
            Process p = new ProcessBuilder(line)
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(jcmd + " " + pid + " " + String.join(" ", command) + " failed: "
                        + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + jcmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
