package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.avro.HealthLevel;
import io.healthscore.scoring.model.ExpansionThresholds;
import io.healthscore.scoring.model.ModelFileException;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code expansion:} keys of the model file: defaults, overrides, and errors that name the line and field. */
class ExpansionModelFileTest {

    @Test
    void theBundledModelStatesTheDefaults() {
        ScoringModel model = ScoringModelLoader.loadResource("scoring-model.yml");

        assertThat(model.expansion()).isEqualTo(ExpansionThresholds.defaults());
        assertThat(ScoringModelLoader.parse("m.yml", "modelVersion: v1\n").expansion())
                .isEqualTo(ExpansionThresholds.defaults());
    }

    @Test
    void everyKeyLoadsFromTheFile() {
        String yaml = """
                modelVersion: v1
                expansion:
                  enabled: false
                  cooldownDays: 14
                  seatsExceeded: {windowDays: 14, margin: 0.2, minExtraUsers: 3}
                  risingAdoption: {level: lv3, sustainedDays: 7, windowDays: 7, minGrowth: 0.5, minUserDays: 4}
                """;

        ExpansionThresholds t = ScoringModelLoader.parse("m.yml", yaml).expansion();

        assertThat(t).isEqualTo(new ExpansionThresholds(false, 14, 0.2, 3, HealthLevel.LV3, 7, 7, 0.5, 4,
                Duration.ofDays(14)));
    }

    @Test
    void valuesThatCannotHoldAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("m.yml",
                "modelVersion: v1\nexpansion:\n  risingAdoption: {windowDays: 20}\n"))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("m.yml line 3, field 'expansion.risingAdoption.windowDays': expected a whole number from 7 "
                        + "to 14, got 20");
        assertThatThrownBy(() -> ScoringModelLoader.parse("m.yml",
                "modelVersion: v1\nexpansion:\n  risingAdoption: {minGrowth: 0}\n"))
                .hasMessageStartingWith("m.yml line 3, field 'expansion.risingAdoption.minGrowth': expected a growth "
                        + "above 0");
        assertThatThrownBy(() -> ScoringModelLoader.parse("m.yml",
                "modelVersion: v1\nexpansion:\n  risingAdoption: {level: LV5}\n"))
                .hasMessage("m.yml line 3, field 'expansion.risingAdoption.level': expected one of LV1, LV2, LV3, LV4, "
                        + "got 'LV5'");
        assertThatThrownBy(() -> ScoringModelLoader.parse("m.yml",
                "modelVersion: v1\nexpansion:\n  enabled: yes please\n"))
                .hasMessage("m.yml line 3, field 'expansion.enabled': expected true or false, got 'yes please'");
        assertThatThrownBy(() -> ScoringModelLoader.parse("m.yml",
                "modelVersion: v1\nexpansion:\n  seatsExceeded: {seats: 3}\n"))
                .hasMessageStartingWith("m.yml line 3, field 'expansion.seatsExceeded.seats': unknown field");
    }
}
