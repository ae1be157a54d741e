package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.ModelFileException;
import io.healthscore.scoring.model.RiskRiseThresholds;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import io.healthscore.scoring.model.UsageDeclineThresholds;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The YAML model: defaults, overrides, and errors that name the line and the field. */
class ScoringModelLoaderTest {

    @Test
    void theBundledDefaultModelHasTheSpecDefaults() {
        ScoringModel model = ScoringModelLoader.loadResource("scoring-model.yml");
        // default-2: USAGE_DECLINE and RISK_RISE came after default-1, so its alerts are not default-1's
        assertThat(model.version()).isEqualTo("default-2");
        assertThat(model.weights()).isEqualTo(ScoringModel.DEFAULT_WEIGHTS);
        assertThat(model.levels().lv2()).isEqualTo(40);
        assertThat(model.levels().lv3()).isEqualTo(60);
        assertThat(model.levels().lv4()).isEqualTo(80);
        assertThat(model.levels().hysteresis()).isEqualTo(3);
        assertThat(model.alerts().scoreDropSuspected()).isEqualTo(15);
        assertThat(model.alerts().scoreDropImminent()).isEqualTo(25);
        assertThat(model.alerts().inactivitySuspectedDays()).isEqualTo(14);
        assertThat(model.alerts().inactivityImminentDays()).isEqualTo(30);
        assertThat(model.alerts().renewalWindowDays()).isEqualTo(90);
        assertThat(model.alerts().renewalMaxLevel()).isEqualTo(HealthLevel.LV2);
        assertThat(model.alertCooldown()).isEqualTo(Duration.ofDays(7));
        assertThat(model.alerts().usageDecline()).isEqualTo(UsageDeclineThresholds.defaults());
        assertThat(model.alerts().riskRise()).isEqualTo(RiskRiseThresholds.defaults());
        assertThat(model.keyFeatures()).contains("reports");
        assertThat(model.weight(ScoreComponent.SUPPORT, "enterprise")).isEqualTo(0.20);
        assertThat(model.weight(ScoreComponent.SUPPORT, "smb")).isEqualTo(0.10);
    }

    @Test
    void aMinimalFileTakesEveryDefault() {
        ScoringModel model = ScoringModelLoader.parse("m.yml", "modelVersion: v9\n");
        assertThat(model.version()).isEqualTo("v9");
        assertThat(model.emitStep()).isEqualTo(1.0);
        assertThat(model.components().targetLoginDays()).isEqualTo(20);
    }

    @Test
    void aWrongTypeNamesTheLineAndTheField() {
        String yaml = "modelVersion: v1\nlevels:\n  lv2: 40\n  lv3: sixty\n";
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml", yaml))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("model.yml line 4, field 'levels.lv3': expected a number, got 'sixty'");
    }

    @Test
    void anUnknownFieldNamesTheLineAndTheField() {
        String yaml = "modelVersion: v1\nweights:\n  activity: 0.2\n  actvity: 0.3\n";
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml", yaml))
                .hasMessageStartingWith("model.yml line 4, field 'weights.actvity': unknown field; expected one of");
    }

    @Test
    void aMissingVersionIsRefused() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml", "emitStep: 2\n"))
                .hasMessage("model.yml line 1, field 'modelVersion': missing; every model needs a version");
    }

    @Test
    void brokenYamlNamesTheLine() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml", "modelVersion: v1\nlevels: [40, 60\n"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("model.yml line 3: not valid YAML");
    }

    @Test
    void thresholdsOutOfOrderAreRefused() {
        String yaml = "modelVersion: v1\nlevels:\n  lv2: 70\n  lv3: 60\n";
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml", yaml))
                .hasMessage("model.yml line 3, field 'levels': level thresholds must rise strictly within 0..100, "
                        + "got 70.0 / 60.0 / 80.0");
    }

    @Test
    void anOutOfRangeValueIsRefused() {
        String yaml = "modelVersion: v1\nalerts:\n  inactivityDays: {suspected: 0}\n";
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml", yaml))
                .hasMessage("model.yml line 3, field 'alerts.inactivityDays.suspected': expected a whole number from 1 "
                        + "to 365, got 0");
    }

    @Test
    void theUsageDeclineThresholdsLoadFromTheFile() {
        String yaml = "modelVersion: v1\nalerts:\n  usageDecline: {windowDays: 10, suspected: 0.25, imminent: 0.7}\n";

        ScoringModel model = ScoringModelLoader.parse("m.yml", yaml);

        assertThat(model.alerts().usageDecline()).isEqualTo(new UsageDeclineThresholds(10, 0.25, 0.7, 14));
    }

    @Test
    void usageDeclineThresholdsThatCannotHoldAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml",
                "modelVersion: v1\nalerts:\n  usageDecline: {suspected: 0.6, imminent: 0.4}\n"))
                .hasMessage("model.yml line 3, field 'alerts.usageDecline': imminent must be at least suspected");
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml",
                "modelVersion: v1\nalerts:\n  usageDecline: {windowDays: 20}\n"))
                .hasMessage("model.yml line 3, field 'alerts.usageDecline.windowDays': expected a whole number from 7 "
                        + "to 14, got 20");
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml",
                "modelVersion: v1\nalerts:\n  usageDecline: {suspected: 0}\n"))
                .hasMessage("model.yml line 3, field 'alerts.usageDecline.suspected': expected a share above 0 and at "
                        + "most 1, got 0");
    }

    @Test
    void theRiskRiseThresholdsLoadFromTheFile() {
        String yaml = "modelVersion: v1\nalerts:\n  riskRise: {windowDays: 5, minRise: 0.2, suspected: 0.3}\n";

        ScoringModel model = ScoringModelLoader.parse("m.yml", yaml);

        assertThat(model.alerts().riskRise()).isEqualTo(new RiskRiseThresholds(5, 0.2, 0.3, 0.5));
        assertThat(model.alerts().usageDecline()).isEqualTo(UsageDeclineThresholds.defaults());
    }

    @Test
    void riskRiseThresholdsThatCannotHoldAreRefusedNamingTheField() {
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml",
                "modelVersion: v1\nalerts:\n  riskRise: {suspected: 0.6, imminent: 0.4}\n"))
                .hasMessage("model.yml line 3, field 'alerts.riskRise': imminent must be at least suspected");
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml",
                "modelVersion: v1\nalerts:\n  riskRise: {windowDays: 9}\n"))
                .hasMessage("model.yml line 3, field 'alerts.riskRise.windowDays': expected a whole number from 1 "
                        + "to 7, got 9");
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml",
                "modelVersion: v1\nalerts:\n  riskRise: {minRise: 0}\n"))
                .hasMessage("model.yml line 3, field 'alerts.riskRise.minRise': expected a share above 0 and at "
                        + "most 1, got 0");
        assertThatThrownBy(() -> ScoringModelLoader.parse("model.yml",
                "modelVersion: v1\nalerts:\n  riskRise: {imminent: 1.5}\n"))
                .hasMessageStartingWith("model.yml line 3, field 'alerts.riskRise.imminent': ");
    }

    @Test
    void segmentOverridesOnlyTheWeightsTheyName() {
        String yaml = "modelVersion: v1\nsegments:\n  enterprise:\n    weights: {sentiment: 0.5}\n";
        ScoringModel model = ScoringModelLoader.parse("m.yml", yaml);
        assertThat(model.weight(ScoreComponent.SENTIMENT, "enterprise")).isEqualTo(0.5);
        assertThat(model.weight(ScoreComponent.ACTIVITY, "enterprise")).isEqualTo(0.2);
    }
}
