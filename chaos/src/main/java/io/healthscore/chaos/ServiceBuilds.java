package io.healthscore.chaos;

import io.healthscore.e2e.process.ServiceSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A copy of each service's build ({@code target/classes} and {@code target/classpath.txt}) in the run's work
 * directory, taken when the service first starts. Every restart of a chaos run then starts the same build, even
 * when the module is rebuilt in the working tree meanwhile (a restart from a half-compiled {@code target/classes}
 * would fail, or mix two versions into one run).
 */
final class ServiceBuilds {

    private static final int ATTEMPTS = 5;

    private final Path root;

    ServiceBuilds(Path root) {
        this.root = root;
    }

    /** The spec with its module directory moved to a fresh copy of the module's build. */
    ServiceSpec pinned(ServiceSpec spec) {
        Path copy = root.resolve(spec.moduleDir().getFileName());
        String mainClassFile = spec.mainClass().replace('.', '/') + ".class";
        for (int attempt = 1; ; attempt++) {
            copyBuild(spec.moduleDir(), copy);
            // A copy taken while the module compiles may lack classes; the main class is the quickest sign.
            if (Files.isRegularFile(copy.resolve("target/classes").resolve(mainClassFile))
                    || !Files.isRegularFile(spec.moduleDir().resolve("target/classes").resolve(mainClassFile))) {
                break;
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException(spec.name() + "'s build kept changing while it was copied");
            }
            LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
        }
        return new ServiceSpec(spec.name(), copy, spec.mainClass(), spec.extraClassPath(), spec.environment(),
                spec.systemProperties(), spec.jvmOptions(), spec.readinessUrl());
    }

    private static void copyBuild(Path module, Path copy) {
        try {
            Path classes = module.resolve("target/classes");
            Path target = copy.resolve("target");
            io.healthscore.stack.Directories.deleteRecursively(copy);
            Files.createDirectories(target);
            if (Files.isRegularFile(module.resolve("target/classpath.txt"))) {
                Files.copy(module.resolve("target/classpath.txt"), target.resolve("classpath.txt"));
            }
            if (Files.isDirectory(classes)) {
                try (Stream<Path> walk = Files.walk(classes)) {
                    for (Path p : walk.toList()) {
                        Path to = target.resolve("classes").resolve(classes.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the build of " + module, e);
        }
    }

}
