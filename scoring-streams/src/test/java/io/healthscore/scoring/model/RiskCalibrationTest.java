package io.healthscore.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The score -> risk table of a calibrated model and the level boundaries it implies. */
class RiskCalibrationTest {

    private static RiskCalibration table(double... scoreRisk) {
        List<RiskCalibration.Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < scoreRisk.length; i += 2) {
            points.add(new RiskCalibration.Point(scoreRisk[i], scoreRisk[i + 1]));
        }
        return new RiskCalibration(30, 0.5, 0.2, 0.05, points, "");
    }

    @Test
    void riskInterpolatesBetweenPointsAndIsFlatBeyondThem() {
        // Given
        RiskCalibration c = table(20, 0.8, 40, 0.4, 60, 0.1, 80, 0.01);

        // Then
        assertThat(c.risk(0)).isEqualTo(0.8);
        assertThat(c.risk(30)).isCloseTo(0.6, within(1e-9));
        assertThat(c.risk(60)).isEqualTo(0.1);
        assertThat(c.risk(100)).isEqualTo(0.01);
    }

    @Test
    void boundariesAreWhereTheRiskFallsBelowEachBand() {
        // Given
        RiskCalibration c = table(20, 0.8, 40, 0.4, 60, 0.1, 80, 0.01);

        // When
        double[] b = c.boundaries();

        // Then risk 0.5 at 35, 0.2 at 53.33, 0.05 at 71.11
        assertThat(b).containsExactly(35.0, 53.33, 71.11);
        LevelThresholds levels = LevelThresholds.calibrated(c, 3);
        assertThat(levels.isCalibrated()).isTrue();
        assertThat(levels.riskAt(35)).isEqualTo(0.5);
    }

    @Test
    void aBandTheRiskNeverReachesLeavesItsLevelEmpty() {
        // Given a calibration whose risk never reaches 50 % and never falls below 5 %
        RiskCalibration c = table(10, 0.3, 90, 0.06);

        // When
        double[] b = c.boundaries();

        // Then LV1 is empty (its upper bound is 0) and LV4 holds only a perfect score
        assertThat(b[0]).isEqualTo(0);
        assertThat(b[2]).isEqualTo(100);
        assertThat(LevelThresholds.calibrated(c, 3).lv2()).isZero();
    }

    @Test
    void aRisingRiskIsRefused() {
        assertThatThrownBy(() -> table(10, 0.3, 50, 0.4))
                .hasMessage("point 1: risk must not rise with the score, got 0.3 then 0.4");
    }

    @Test
    void uncalibratedLevelsStateNoRisk() {
        assertThat(LevelThresholds.defaults().isCalibrated()).isFalse();
        assertThat(LevelThresholds.defaults().riskAt(50)).isNull();
    }
}
