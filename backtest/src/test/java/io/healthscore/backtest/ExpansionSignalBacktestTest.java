package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.GeneratorSettings.LogFormat;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.metrics.ExpansionQuality;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.report.BacktestReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expansion signal measured against upgrades: a Sparkify-style log where a fifth of the users grow and then
 * submit an upgrade (the planted ground truth), read with the example mapping (whose upgrade rule is
 * {@code page: Submit Upgrade}) and model; and the same kind of log without upgrades, where it cannot be measured.
 */
class ExpansionSignalBacktestTest {

    private static final Path MAPPING = Path.of("examples/sparkify-mapping.yml");
    private static final Path MODEL = Path.of("examples/sparkify-model.yml");

    @TempDir
    Path dir;

    private BacktestReport run(GeneratorSettings settings, Path out, SyntheticLog.GroundTruth[] truth)
            throws Exception {
        Path log = dir.resolve("sparkify.json");
        truth[0] = new SyntheticLog(settings).write(log, null);
        return Backtest.run(BacktestOptions.of(log, out).withMapping(MAPPING).withModel(MODEL).withWarmup(14)
                .withReplay(new ReplaySettings(Duration.ofHours(12), 500)), message -> { });
    }

    @Test
    void theSignalForetellsPlantedUpgradesWellAboveTheBaseRateAndAheadOfThem() throws Exception {
        // Given a log of 150 users over 120 days, 20 % churners and 20 % upgraders
        SyntheticLog.GroundTruth[] truth = new SyntheticLog.GroundTruth[1];
        Path out = dir.resolve("report");
        GeneratorSettings settings = GeneratorSettings.defaults().with(150, 90_000, 120).withFormat(LogFormat.SPARKIFY)
                .withChurnShare(0.2).withUpgradeShare(0.2).withSeed(11);

        // When it is backtested
        BacktestReport report = run(settings, out, truth);

        // Then every planted upgrade is read as one, and the signal is measured against them
        ExpansionQuality.Result e = report.expansion();
        assertThat(truth[0].upgradedAt()).hasSize(30);
        assertThat(e.upgradeRecords()).isEqualTo(30);
        assertThat(e.measured()).isTrue();
        assertThat(e.signalsFired()).isPositive();
        assertThat(e.baseRate()).isNotNull().isPositive();
        assertThat(e.overall().precision()).as("precision, against a base rate of %s", e.baseRate())
                .isGreaterThan(3 * e.baseRate());
        assertThat(e.medianLeadDays()).isPositive();
        assertThat(e.recall()).isGreaterThan(0.5);
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(json.at("/expansion/measured").asBoolean()).isTrue();
        assertThat(json.at("/expansion/overall/precision").asDouble()).isGreaterThan(3 * e.baseRate() - 1e-4);
        assertThat(json.at("/expansion/medianLeadDays").asDouble()).isPositive();
        assertThat(json.at("/expansion/upgraders").asInt()).isEqualTo(e.upgraders());
        assertThat(json.at("/mapping/upgradeRecords").asInt()).isEqualTo(30);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## Expansion signal", "Base rate: ", "signalled before upgrading: ");
    }

    @Test
    void withoutUpgradesInTheLogTheSignalIsReportedAsNotMeasuredWithoutNaN() throws Exception {
        // Given a Sparkify-style log without upgrades, read with a mapping that would recognise them
        SyntheticLog.GroundTruth[] truth = new SyntheticLog.GroundTruth[1];
        Path out = dir.resolve("report");
        GeneratorSettings settings = GeneratorSettings.defaults().with(60, 30_000, 70).withFormat(LogFormat.SPARKIFY)
                .withChurnShare(0.3).withSeed(5);

        // When it is backtested
        BacktestReport report = run(settings, out, truth);

        // Then the report says the signal could not be measured, and why, with no figure made up
        ExpansionQuality.Result e = report.expansion();
        assertThat(truth[0].upgradedAt()).isEmpty();
        assertThat(e.measured()).isFalse();
        assertThat(e.notMeasuredBecause())
                .isEqualTo("the log carries no upgrade records (the mapping's upgrade rule matched none)");
        String jsonText = Files.readString(out.resolve("report.json"));
        JsonNode json = new ObjectMapper().readTree(jsonText);
        assertThat(json.at("/expansion/measured").asBoolean()).isFalse();
        assertThat(json.at("/expansion/notMeasuredBecause").asText()).contains("no upgrade records");
        assertThat(json.at("/expansion/overall/precision").isNull()).isTrue();
        assertThat(json.at("/expansion/recall").isNull()).isTrue();
        assertThat(json.at("/expansion/medianLeadDays").isNull()).isTrue();
        assertThat(json.at("/expansion/baseRate").isNull()).isTrue();
        assertThat(jsonText).doesNotContain("NaN");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## Expansion signal", "**Not measured**: the log carries no upgrade records");
        String section = md.substring(md.indexOf("## Expansion signal"));
        section = section.substring(0, section.indexOf("\n## ", 5) < 0 ? section.length() : section.indexOf("\n## ", 5));
        assertThat(section).doesNotContain("NaN", "n/a");
    }
}
