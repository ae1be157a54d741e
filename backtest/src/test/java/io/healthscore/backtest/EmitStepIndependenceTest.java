package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.mapping.MappingLoader;
import io.healthscore.backtest.replay.LogReplay;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay observes every evaluation by setting the model's emitStep to 0. That must change what is published
 * and nothing else: the same alerts and level transitions as with the model's own emitStep.
 */
class EmitStepIndependenceTest {

    @TempDir
    Path dir;

    @Test
    void everyEvaluationObservedGivesTheSameAlertsAndTransitions() throws Exception {
        Path log = dir.resolve("small.jsonl");
        new SyntheticLog(GeneratorSettings.defaults().with(20, 8_000, 60).withChurnShare(0.4).withSeed(21))
                .write(log, null);
        ScoringModel model = ScoringModelLoader.loadResource("scoring-model.yml");
        ReplaySettings settings = new ReplaySettings(Duration.ofHours(6), 500);

        LogReplay.Result asIs = LogReplay.run(log, MappingLoader.loadNative(), model, settings, m -> { });
        LogReplay.Result observed = LogReplay.run(log, MappingLoader.loadNative(), Backtest.observed(model), settings,
                m -> { });

        assertThat(model.emitStep()).isEqualTo(1.0);
        assertThat(observed.observations().scoresPublished()).isGreaterThan(asIs.observations().scoresPublished());
        assertThat(observed.observations().alerts()).isNotEmpty().isEqualTo(asIs.observations().alerts());
        assertThat(observed.observations().transitionsDown()).isEqualTo(asIs.observations().transitionsDown());
        assertThat(observed.observations().transitionsUp()).isEqualTo(asIs.observations().transitionsUp());
    }
}
