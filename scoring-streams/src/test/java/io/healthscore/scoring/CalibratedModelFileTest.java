package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.scoring.model.ModelFileException;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import org.junit.jupiter.api.Test;

/** A model file with calibrated levels: loaded when whole and consistent, refused naming the field otherwise. */
class CalibratedModelFileTest {

    static final String CALIBRATED = """
            modelVersion: v1-calibrated
            levels:
              lv2: 35
              lv3: 53.33
              lv4: 71.11
              hysteresis: 3
              calibration:
                horizonDays: 30
                riskBands: {lv1: 0.5, lv2: 0.2, lv3: 0.05}
                fittedOn: "a test"
                table:
                  - {score: 20, risk: 0.8}
                  - {score: 40, risk: 0.4}
                  - {score: 60, risk: 0.1}
                  - {score: 80, risk: 0.01}
            """;

    private static String with(String from, String to) {
        String changed = CALIBRATED.replace(from, to);
        assertThat(changed).as("the test edits the file").isNotEqualTo(CALIBRATED);
        return changed;
    }

    @Test
    void aWholeCalibrationLoadsWithItsBoundariesAndTable() {
        // When
        ScoringModel model = ScoringModelLoader.parse("proposed-model.yml", CALIBRATED);

        // Then
        assertThat(model.levels().isCalibrated()).isTrue();
        assertThat(model.levels().lv3()).isEqualTo(53.33);
        assertThat(model.levels().calibration().horizonDays()).isEqualTo(30);
        assertThat(model.levels().calibration().table()).hasSize(4);
        assertThat(model.levels().riskAt(30)).isEqualTo(0.6);
    }

    @Test
    void theBundledModelIsUncalibrated() {
        assertThat(ScoringModelLoader.loadResource("scoring-model.yml").levels().isCalibrated()).isFalse();
    }

    @Test
    void nonMonotoneBoundariesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("proposed-model.yml", with("lv3: 53.33", "lv3: 30")))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("proposed-model.yml line 4, field 'levels.lv3': boundaries must rise from lv2 to lv4, "
                        + "got lv2 35.0 and lv3 30.0");
    }

    @Test
    void aRiskOutsideZeroToOneIsRefusedNamingThePoint() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("proposed-model.yml",
                with("{score: 20, risk: 0.8}", "{score: 20, risk: 1.8}")))
                .hasMessage("proposed-model.yml line 12, field 'levels.calibration.table[0].risk': expected a number "
                        + "from 0.0 to 1.0, got 1.8");
    }

    @Test
    void aRisingRiskInTheTableIsRefused() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("proposed-model.yml",
                with("{score: 60, risk: 0.1}", "{score: 60, risk: 0.5}")))
                .hasMessageStartingWith("proposed-model.yml line 14, field 'levels.calibration.table[2].risk': risk "
                        + "must not rise with the score");
    }

    @Test
    void aBandOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("proposed-model.yml", with("lv1: 0.5", "lv1: 1.5")))
                .hasMessageContaining("field 'levels.calibration.riskBands.lv1': expected a number from 0.0 to 1.0");
    }

    @Test
    void aMissingTableIsRefusedNamingWhatIsMissing() {
        String noTable = CALIBRATED.substring(0, CALIBRATED.indexOf("    table:"));
        assertThatThrownBy(() -> ScoringModelLoader.parse("proposed-model.yml", noTable))
                .hasMessage("proposed-model.yml line 8, field 'levels.calibration': 'table' is missing; a calibration "
                        + "needs horizonDays, riskBands and table");
    }

    @Test
    void aMissingBoundaryIsRefused() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("proposed-model.yml", with("  lv4: 71.11\n", "")))
                .hasMessageContaining("field 'levels': 'lv4' is missing; a calibrated model states every boundary");
    }

    @Test
    void aMissingBandIsRefused() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("proposed-model.yml", with(", lv3: 0.05", "")))
                .hasMessageContaining("field 'levels.calibration.riskBands': 'lv3' is missing");
    }

    @Test
    void aBoundaryThatDisagreesWithTheTableIsRefused() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("proposed-model.yml", with("lv2: 35", "lv2: 45")))
                .hasMessage("proposed-model.yml line 3, field 'levels.lv2': does not match the calibration: its table "
                        + "falls below 0.5 risk at score 35.0, so the level would not mean its band");
    }
}
