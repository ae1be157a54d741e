package io.healthscore.backtest.fit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The hysteresis a calibrated model gets: the model's, unless a level is too narrow to be entered with it. */
class LevelCalibrationTest {

    @Test
    void wideLevelsKeepTheModelsMargin() {
        assertThat(LevelCalibration.hysteresis(new double[] {40, 60, 80}, 3)).isEqualTo(3);
    }

    @Test
    void aNarrowTopLevelHalvesTheMarginSoItCanBeEntered() {
        // Given Lv4 from 97 to 100: with a margin of 3 an account would need 100 to rise into it
        assertThat(LevelCalibration.hysteresis(new double[] {45, 70, 97}, 3)).isEqualTo(1.5);
    }

    @Test
    void anEmptyLevelDoesNotCount() {
        // Given an empty Lv1 (its upper bound is 0) and an empty Lv3 (equal bounds)
        assertThat(LevelCalibration.hysteresis(new double[] {0, 60, 60}, 3)).isEqualTo(3);
    }
}
