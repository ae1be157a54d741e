package io.healthscore.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident memory of processes, from /proc (Linux); empty where /proc is not available. */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Resident set size of {@code pid} and all its descendants, in bytes. */
    static OptionalLong residentBytesWithChildren(long pid) {
        OptionalLong own = residentBytes(pid);
        if (own.isEmpty()) {
            return own;
        }
        long total = own.getAsLong();
        total += ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .mapToLong(child -> residentBytes(child.pid()).orElse(0)).sum();
        return OptionalLong.of(total);
    }

    static OptionalLong residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                    return OptionalLong.of(Long.parseLong(kb) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static String megabytes(OptionalLong bytes) {
        return bytes.isPresent() ? (bytes.getAsLong() / (1024 * 1024)) + " MiB" : "n/a";
    }
}
