package io.healthscore.backtest.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelYamlTest {

    @Test
    void aWrittenModelReadsBackAsTheSameModel() {
        ScoringModel base = ScoringModelLoader.loadResource("scoring-model.yml");
        Map<ScoreComponent, Double> weights = new EnumMap<>(ScoreComponent.class);
        weights.put(ScoreComponent.TREND, 0.4);
        weights.put(ScoreComponent.ACTIVITY, 0.35);
        weights.put(ScoreComponent.SENTIMENT, 0.125);
        weights.put(ScoreComponent.LOGIN_FREQUENCY, 0.0);
        ScoringModel proposed = new ScoringModel("default-1-fitted", weights, base.segmentWeights(), base.keyFeatures(),
                base.requiredOnboardingSteps(), base.components(), base.levels(), base.alerts(), base.alertCooldown(),
                base.emitStep());

        String yaml = ModelYaml.write(proposed, List.of("a comment"));
        ScoringModel read = ScoringModelLoader.parse("proposed.yml", yaml);

        assertThat(yaml).startsWith("# a comment\nmodelVersion: \"default-1-fitted\"");
        assertThat(read).isEqualTo(proposed);
    }
}
