package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.scoring.model.ComponentParameters;
import io.healthscore.scoring.model.LevelThresholds;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import org.junit.jupiter.api.Test;

/** The topology assigns levels by a calibrated model's boundaries, with hysteresis, and publishes the risk. */
class CalibratedLevelsTest {

    private static ScoringModel calibrated(ComponentParameters p) {
        ScoringModel loaded = ScoringModelLoader.parse("m.yml", CalibratedModelFileTest.CALIBRATED);
        ScoringModel base = ScoringDriver.model(p, 0.0);
        return new ScoringModel("v1-calibrated", base.weights(), base.segmentWeights(), base.keyFeatures(),
                base.requiredOnboardingSteps(), p, loaded.levels(), base.alerts(), base.alertCooldown(), 0.0);
    }

    @Test
    void levelsFollowTheCalibratedBoundariesAndEveryScoreCarriesItsRisk() {
        // Given NPS categories scoring 90 / 50 / 30 and boundaries 35 / 53.33 / 71.11 (margin 3)
        ComponentParameters p = new ComponentParameters(20, 25, 30, 50, 60, 90, 50, 30, 180);
        try (ScoringDriver hs = new ScoringDriver(ScoringDriver.defaultConfig().withModel(calibrated(p)))) {
            // When the score goes 90, 50, 30, 50
            for (int nps : new int[] {9, 7, 3, 7}) {
                hs.nps("acme", nps);
            }
            // Then 90 is LV4 (risk 1 %), 50 LV2 (risk 25 %, the table between 40 and 60), 30 LV1 (60 %), and back at
            // 50 it rises to LV2 (above 35 + 3)
            assertThat(hs.scores()).extracting(HealthScore::getScore, HealthScore::getLevel,
                    HealthScore::getCalibratedRisk).containsExactly(
                    tuple(90.0, HealthLevel.LV4, 0.01), tuple(50.0, HealthLevel.LV2, 0.25),
                    tuple(30.0, HealthLevel.LV1, 0.6), tuple(50.0, HealthLevel.LV2, 0.25));
        }
    }

    @Test
    void anUncalibratedModelKeepsTheFixedBandsAndPublishesNoRisk() {
        // Given the default bands 40 / 60 / 80 and NPS categories scoring 90 / 50 / 30
        ComponentParameters p = new ComponentParameters(20, 25, 30, 50, 60, 90, 50, 30, 180);
        try (ScoringDriver hs = new ScoringDriver(ScoringDriver.defaultConfig().withModel(ScoringDriver.model(p, 0.0)))) {
            // When
            for (int nps : new int[] {9, 7, 3}) {
                hs.nps("acme", nps);
            }
            // Then
            assertThat(hs.scores()).extracting(HealthScore::getScore, HealthScore::getLevel,
                    HealthScore::getCalibratedRisk).containsExactly(
                    tuple(90.0, HealthLevel.LV4, null), tuple(50.0, HealthLevel.LV2, null),
                    tuple(30.0, HealthLevel.LV1, null));
            assertThat(LevelThresholds.defaults().isCalibrated()).isFalse();
        }
    }
}
