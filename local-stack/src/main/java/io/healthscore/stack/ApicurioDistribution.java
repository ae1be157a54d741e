package io.healthscore.stack;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Finds the prebuilt Apicurio Registry application and unpacks it once into a cache directory.
 * The archive is the Maven Central artifact {@code io.apicurio:apicurio-registry-app:VERSION:tar.gz:all}, which
 * the build of this module downloads into the local Maven repository. Unpacking goes to a temporary directory
 * that is moved into place atomically, so concurrent test JVMs never see a half-unpacked copy.
 */
public final class ApicurioDistribution {

    private final String version;
    private final Path mavenRepository;
    private final Path cacheRoot;

    public ApicurioDistribution(String version, Path mavenRepository, Path cacheRoot) {
        this.version = version;
        this.mavenRepository = mavenRepository;
        this.cacheRoot = cacheRoot;
    }

    /** Resolves version, Maven repository and cache from system properties and environment, with defaults. */
    public static ApicurioDistribution fromEnvironment() {
        String version = StackDefaults.apicurioVersion();
        Path repo = Path.of(firstNonBlank(
                System.getProperty("healthscore.maven.repo"),
                System.getProperty("maven.repo.local"),
                StackDefaults.mavenRepository(),
                System.getProperty("user.home") + "/.m2/repository"));
        String xdgCache = System.getenv("XDG_CACHE_HOME");
        Path cache = Path.of(firstNonBlank(
                System.getProperty("healthscore.cache.dir"),
                System.getenv("HEALTHSCORE_CACHE_DIR"),
                (xdgCache == null || xdgCache.isBlank() ? System.getProperty("user.home") + "/.cache" : xdgCache)
                        + "/healthscore"));
        return new ApicurioDistribution(version, repo, cache);
    }

    /** The directory holding {@code quarkus-run.jar}, unpacking the archive on first use. */
    public Path home() {
        String override = firstNonBlank(System.getProperty("healthscore.apicurio.home"), System.getenv("HEALTHSCORE_APICURIO_HOME"));
        if (override != null) {
            Path dir = Path.of(override);
            requireRunnable(dir, "healthscore.apicurio.home / HEALTHSCORE_APICURIO_HOME");
            return dir;
        }
        Path target = cacheRoot.resolve("apicurio-registry-" + version);
        if (Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
            return target;
        }
        Path archive = archive();
        if (!Files.isRegularFile(archive)) {
            throw new StackStartupException("Registry: Apicurio Registry " + version + " archive not found at " + archive
                    + ". Build the project once (./mvnw -B -DskipTests package) so Maven downloads it, or set "
                    + "HEALTHSCORE_APICURIO_HOME to an unpacked copy.");
        }
        unpack(archive, target);
        requireRunnable(target, archive.toString());
        return target;
    }

    Path archive() {
        return mavenRepository.resolve(Path.of("io", "apicurio", "apicurio-registry-app", version,
                "apicurio-registry-app-" + version + "-all.tar.gz"));
    }

    public String version() {
        return version;
    }

    private void unpack(Path archive, Path target) {
        Path temp = null;
        try {
            Files.createDirectories(cacheRoot);
            temp = Files.createTempDirectory(cacheRoot, "apicurio-unpack-");
            Path unpacked = temp.resolve("app");
            extract(archive, unpacked);
            Path root = applicationRoot(unpacked);
            try {
                Files.move(root, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Renaming onto a directory another JVM moved there first fails (the exact exception varies by
                // platform). Its copy is complete because it was moved atomically too.
                if (!Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new StackStartupException("Registry: cannot unpack " + archive + " into " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    private static void extract(Path archive, Path into) throws IOException {
        try (InputStream file = Files.newInputStream(archive);
             InputStream gzip = new GzipCompressorInputStream(new BufferedInputStream(file));
             TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = into.resolve(entry.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The archive may hold the application at its top level or under one directory. */
    private static Path applicationRoot(Path unpacked) throws IOException {
        if (Files.isRegularFile(unpacked.resolve("quarkus-run.jar"))) {
            return unpacked;
        }
        try (Stream<Path> children = Files.list(unpacked)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("quarkus-run.jar"))).findFirst()
                    .orElseThrow(() -> new IOException("no quarkus-run.jar in the archive"));
        }
    }

    private static void requireRunnable(Path dir, String origin) {
        if (!Files.isRegularFile(dir.resolve("quarkus-run.jar"))) {
            throw new StackStartupException("Registry: " + dir + " (from " + origin + ") holds no quarkus-run.jar");
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a leftover temporary directory in the cache is harmless.
        }
    }

    static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
