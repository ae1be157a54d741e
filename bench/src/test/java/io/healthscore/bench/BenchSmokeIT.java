package io.healthscore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness end to end at a small size: every phase runs against the real stack and services and
 * results.json carries every documented key with a real figure (the figures themselves are not judged here:
 * on a shared build machine they mean little; see README for a full run).
 */
class BenchSmokeIT {

    static final List<String> KEYS = List.of("raw_producer_eps", "raw_consumer_eps", "ingest_eps", "ingest_ratio",
            "scoring_eps", "scoring_ratio", "state_bytes_per_account", "restore_seconds");

    @Test
    void aSmallRunWritesEveryFigure(@TempDir Path out) throws Exception {
        BenchOptions options = new BenchOptions(20_000, Duration.ofSeconds(4), 2, 50, 1_000, 6, 500,
                Duration.ofSeconds(6), 5, Duration.ofMinutes(3), out, 3);
        Path repoRoot = Path.of(System.getProperty("healthscore.repo.root", "..")).toAbsolutePath().normalize();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code = BenchMain.run(options, repoRoot, new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        for (String key : KEYS) {
            assertThat(results.path(key).isNumber()).as(key).isTrue();
            assertThat(results.path(key).asDouble()).as(key).isPositive();
        }
        for (String key : List.of("e2e_alert_ms", "e2e_delivery_ms", "e2e_console_ms")) {
            for (String p : List.of("p50", "p95", "p99")) {
                assertThat(results.path(key).path(p).asDouble()).as(key + "." + p).isPositive();
            }
            assertThat(results.path(key).path("samples").asInt()).as(key + " samples").isGreaterThan(10);
        }
        assertThat(results.path("e2e_probes_without_alert").asInt()).isZero();
        assertThat(results.path("e2e_probes_without_delivery").asInt()).isZero();
        assertThat(results.path("e2e_probes_not_shown").asInt()).as("every probe's alert reached the open console page")
                .isZero();
        assertThat(results.path("accounts_scored").asLong()).isGreaterThanOrEqualTo(1_000);
        assertThat(results.path("machine").path("cores").asInt()).isPositive();
        assertThat(results.path("machine").path("memory_bytes").asLong()).isPositive();
        // The phases of ingest and scoring moved what they say they moved.
        assertThat(results.path("scoring_events").asLong())
                .isGreaterThanOrEqualTo(results.path("history_events").asLong());
        assertThat(results.path("ingest_failures").size()).isZero();
        String table = Files.readString(out.resolve("results.md"));
        assertThat(table).contains("| ingest / raw producer |", "| scoring / raw consumer |",
                "| accept → alert on churn-risk-alerts |", "| accept → open console inbox fetched after its live event |",
                "Machine: ");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Results: ");
    }
}
