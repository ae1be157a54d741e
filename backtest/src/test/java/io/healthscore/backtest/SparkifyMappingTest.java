package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.GeneratorSettings.LogFormat;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.report.BacktestReport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example Sparkify mapping and model on a Sparkify-style log (one user per account, page requests, epoch ms). */
class SparkifyMappingTest {

    @TempDir
    Path dir;

    @Test
    void theExampleMappingReplaysAMusicStreamingLogAndFindsItsChurn() throws Exception {
        Path log = dir.resolve("sparkify.json");
        SyntheticLog.GroundTruth truth = new SyntheticLog(GeneratorSettings.defaults().with(80, 40_000, 80)
                .withFormat(LogFormat.SPARKIFY).withChurnShare(0.3).withSeed(5)).write(log, null);

        BacktestReport report = Backtest.run(BacktestOptions.of(log, dir.resolve("report"))
                .withMapping(Path.of("examples/sparkify-mapping.yml")).withModel(Path.of("examples/sparkify-model.yml"))
                .withWarmup(14).withReplay(new ReplaySettings(Duration.ofHours(12), 500)), message -> { });

        assertThat(report.churnAt()).hasSameSizeAs(truth.churnedAt());
        assertThat(report.mapping().unmatched()).isZero();
        assertThat(report.mapping().sessionLogins()).isPositive();
        assertThat(report.mapping().withoutAccount()).isPositive();
        assertThat(report.mapping().profileUpdates()).isGreaterThanOrEqualTo(80);
        assertThat(report.mapping().perRule().get("rule #5 'thumbs-down'")).isPositive();
        assertThat(report.model().version()).isEqualTo("sparkify-2");
        assertThat(report.scoreAuc().get(7).auc().auc()).isGreaterThan(0.75);
    }
}
