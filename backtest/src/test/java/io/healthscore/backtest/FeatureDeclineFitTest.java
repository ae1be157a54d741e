package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.GeneratorSettings.Decline;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.metrics.ComponentQuality;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.report.BacktestReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Churners that keep logging in as before and only stop using the key features: one component carries the planted
 * signal, and the fit must find it.
 */
class FeatureDeclineFitTest {

    @TempDir
    Path dir;

    @Test
    void theFitGivesThePlantedComponentTheLargestWeight() throws Exception {
        Path log = dir.resolve("features.jsonl.gz");
        new SyntheticLog(GeneratorSettings.defaults().with(100, 60_000, 100).withChurnShare(0.3)
                .withDecline(Decline.FEATURES).withSeed(3)).write(log, null);

        BacktestReport report = Backtest.run(BacktestOptions.of(log, dir.resolve("report")).withFit(true)
                .withReplay(new ReplaySettings(Duration.ofHours(12), 500)), message -> { });

        ScoreComponent heaviest = report.fit().proposedWeights().entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        ScoreComponent bestAlone = report.components().stream()
                .max(Comparator.comparingDouble((ComponentQuality.Result c) -> c.anyDayAuc().auc()))
                .orElseThrow().component();
        assertThat(heaviest).isEqualTo(ScoreComponent.FEATURE_ADOPTION);
        assertThat(bestAlone).isEqualTo(ScoreComponent.FEATURE_ADOPTION);
        assertThat(report.fit().proposedWeights().get(ScoreComponent.FEATURE_ADOPTION))
                .isGreaterThan(2 * report.fit().proposedWeights().get(ScoreComponent.LOGIN_FREQUENCY));
        assertThat(report.fit().heldOutFitted().auc()).isGreaterThan(report.fit().heldOutDefault().auc());
    }
}
