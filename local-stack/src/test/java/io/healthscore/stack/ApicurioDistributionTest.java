package io.healthscore.stack;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApicurioDistributionTest {

    @TempDir
    Path tmp;

    @Test
    void theArchiveInTheMavenRepositoryIsUnpackedOnceIntoTheCache() throws IOException {
        // Given an archive with the application at its top level
        Path repo = tmp.resolve("repo");
        ApicurioDistribution distribution = new ApicurioDistribution("9.9.9", repo, tmp.resolve("cache"));
        writeArchive(distribution.archive(), Map.of("quarkus-run.jar", "jar", "lib/main/a.jar", "a"));

        // When its home is asked for twice
        Path home = distribution.home();
        Files.delete(distribution.archive());
        Path again = distribution.home();

        // Then the application was unpacked into the cache and the second call reused it
        assertThat(home).isEqualTo(tmp.resolve("cache").resolve("apicurio-registry-9.9.9"));
        assertThat(home.resolve("lib/main/a.jar")).hasContent("a");
        assertThat(again).isEqualTo(home);
    }

    @Test
    void anApplicationNestedInOneDirectoryIsFound() throws IOException {
        Path repo = tmp.resolve("repo");
        ApicurioDistribution distribution = new ApicurioDistribution("9.9.8", repo, tmp.resolve("cache"));
        writeArchive(distribution.archive(), Map.of("apicurio/quarkus-run.jar", "jar"));

        assertThat(distribution.home().resolve("quarkus-run.jar")).hasContent("jar");
    }

    @Test
    void anEntryThatEscapesTheTargetDirectoryIsRefused() throws IOException {
        Path repo = tmp.resolve("repo");
        ApicurioDistribution distribution = new ApicurioDistribution("6.6.6", repo, tmp.resolve("cache"));
        writeArchive(distribution.archive(), Map.of("../../evil.sh", "x", "quarkus-run.jar", "jar"));

        assertThatThrownBy(distribution::home)
                .isInstanceOf(StackStartupException.class)
                .hasMessageContaining("escapes");
        try (var files = Files.walk(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("evil.sh"))).isEmpty();
        }
    }

    @Test
    void twoJvmsUnpackingAtOnceBothGetACompleteCopy() throws Exception {
        // Given an archive and two distributions sharing one cache (as two test JVMs on one machine do)
        Path repo = tmp.resolve("repo");
        Path cache = tmp.resolve("cache");
        ApicurioDistribution first = new ApicurioDistribution("7.7.7", repo, cache);
        ApicurioDistribution second = new ApicurioDistribution("7.7.7", repo, cache);
        writeArchive(first.archive(), Map.of("quarkus-run.jar", "jar", "lib/main/a.jar", "a"));

        // When both unpack at the same moment
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var latch = new java.util.concurrent.CountDownLatch(1);
            var a = pool.submit(() -> { latch.await(); return first.home(); });
            var b = pool.submit(() -> { latch.await(); return second.home(); });
            latch.countDown();

            // Then both succeed with the same complete copy
            assertThat(a.get()).isEqualTo(b.get());
            assertThat(a.get().resolve("lib/main/a.jar")).hasContent("a");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingArchiveGivesAMessageSayingHowToGetIt() {
        ApicurioDistribution distribution = new ApicurioDistribution("1.0.0", tmp.resolve("empty-repo"), tmp.resolve("cache"));

        assertThatThrownBy(distribution::home)
                .isInstanceOf(StackStartupException.class)
                .hasMessageContaining("apicurio-registry-app-1.0.0-all.tar.gz")
                .hasMessageContaining("./mvnw");
    }

    private static void writeArchive(Path archive, Map<String, String> files) throws IOException {
        Files.createDirectories(archive.getParent());
        try (OutputStream out = Files.newOutputStream(archive);
             GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
    }
}
