package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.report.BacktestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Churn from a separate outcomes file, with a mapping that has no churn rule. */
class OutcomesFileTest {

    @TempDir
    Path dir;

    @Test
    void churnComesFromTheOutcomesFileAndRecordsNoRuleMatchesAreReported() throws Exception {
        Path log = dir.resolve("log.jsonl");
        Path outcomes = dir.resolve("outcomes.csv");
        SyntheticLog.GroundTruth truth = new SyntheticLog(GeneratorSettings.defaults().with(40, 24_000, 70).withSeed(9))
                .write(log, outcomes);
        Path mapping = dir.resolve("no-churn-rule.yml");
        String nativeMapping = Files.readString(Path.of("examples/native-mapping.yml"));
        Files.writeString(mapping, nativeMapping.substring(0, nativeMapping.indexOf("churn:")));

        BacktestReport report = Backtest.run(BacktestOptions.of(log, dir.resolve("report")).withMapping(mapping)
                .withOutcomes(outcomes).withWarmup(14).withReplay(new ReplaySettings(Duration.ofHours(12), 500)),
                message -> { });

        Map<String, Long> planted = new HashMap<>();
        truth.churnedAt().forEach((account, at) -> planted.put(account, at.toEpochMilli()));
        assertThat(report.churnAt()).isEqualTo(planted);
        assertThat(report.churnSource()).isEqualTo("outcomes file");
        assertThat(report.mapping().unmatched()).isEqualTo(planted.size());
        assertThat(report.mapping().topUnmatched(3)).containsExactly(
                Map.entry("event=subscription_cancelled", (long) planted.size()));
        assertThat(Files.readString(dir.resolve("report/report.md")))
                .contains("| `event=subscription_cancelled` | " + planted.size() + " |");
    }
}
