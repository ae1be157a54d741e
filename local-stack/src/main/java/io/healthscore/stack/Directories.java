package io.healthscore.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a run's directories: the stack's data, a service's state, a launcher's work directory. */
public final class Directories {

    private Directories() {
    }

    /** Deletes {@code dir} and everything below it; nothing happens when it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Leaves {@code dir} existing and empty. */
    public static void empty(Path dir) throws IOException {
        deleteRecursively(dir);
        Files.createDirectories(dir);
    }
}
