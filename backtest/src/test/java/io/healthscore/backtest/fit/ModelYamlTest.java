package io.healthscore.backtest.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ExpansionThresholds;
import io.healthscore.scoring.model.LevelThresholds;
import io.healthscore.scoring.model.RiskCalibration;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.time.Duration;
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
        ScoringModel proposed = new ScoringModel("default-2-fitted", weights, base.segmentWeights(), base.keyFeatures(),
                base.requiredOnboardingSteps(), base.components(), base.levels(),
                base.alerts().withUsageDecline(base.alerts().usageDecline().withThresholds(0.45, 0.8))
                        .withRiskRise(base.alerts().riskRise().withThresholds(0.35, 0.65)),
                base.alertCooldown(), base.emitStep());

        String yaml = ModelYaml.write(proposed, List.of("a comment"));
        ScoringModel read = ScoringModelLoader.parse("proposed.yml", yaml);

        assertThat(yaml).startsWith("# a comment\nmodelVersion: \"default-2-fitted\"");
        assertThat(read).isEqualTo(proposed);
        assertThat(yaml).contains("# Uncalibrated: fixed score bands that state no churn risk.")
                .contains("  usageDecline: {windowDays: 14, suspected: 0.45, imminent: 0.8, minUserDays: 14}\n")
                .contains("  riskRise: {windowDays: 7, minRise: 0.1, suspected: 0.35, imminent: 0.65}\n");
    }

    @Test
    void theExpansionRulesOfAModelAreWrittenAndReadBack() {
        ScoringModel base = ScoringModelLoader.loadResource("scoring-model.yml");
        ScoringModel model = base.withExpansion(new ExpansionThresholds(false, 14, 0.25, 2, HealthLevel.LV3, 7, 10,
                0.4, 5, Duration.ofDays(21)));

        String yaml = ModelYaml.write(model, List.of());

        assertThat(ScoringModelLoader.parse("proposed.yml", yaml).expansion()).isEqualTo(model.expansion());
        assertThat(yaml).contains("  risingAdoption: {level: LV3, sustainedDays: 7, windowDays: 10, minGrowth: 0.4, "
                + "minUserDays: 5}\n");
    }

    @Test
    void aCalibratedModelReadsBackWithItsBoundariesAndTable() {
        // Given
        ScoringModel base = ScoringModelLoader.loadResource("scoring-model.yml");
        RiskCalibration calibration = new RiskCalibration(30, 0.5, 0.2, 0.05, List.of(
                new RiskCalibration.Point(21.5, 0.8125), new RiskCalibration.Point(48.25, 0.31),
                new RiskCalibration.Point(66.0, 0.12), new RiskCalibration.Point(88.75, 0.0123)), "a log, 1000 samples");
        ScoringModel calibrated = base.withLevels(LevelThresholds.calibrated(calibration, 3));

        // When
        String yaml = ModelYaml.write(calibrated, List.of());
        ScoringModel read = ScoringModelLoader.parse("proposed.yml", yaml);

        // Then
        assertThat(read.levels()).isEqualTo(calibrated.levels());
        assertThat(read.levels().isCalibrated()).isTrue();
        assertThat(yaml).doesNotContainIgnoringCase("nan").contains("    riskBands: {lv1: 0.5, lv2: 0.2, lv3: 0.05}");
    }
}
