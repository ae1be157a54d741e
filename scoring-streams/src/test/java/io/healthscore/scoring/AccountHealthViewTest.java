package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.model.LevelThresholds;
import io.healthscore.scoring.model.RiskCalibration;
import io.healthscore.scoring.query.AccountHealthView;
import io.healthscore.scoring.query.LevelCounts;
import io.healthscore.scoring.state.AccountState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query bodies, from plain state objects. */
class AccountHealthViewTest {

    @Test
    void theHealthBodyCarriesScoreLevelComponentsReasonsAndRecentTransitions() {
        AccountState state = new AccountState();
        state.applyProfile(1, "smb", null, "owner@example.com", null, 10);
        state.recordUsage(0, 1, "u1", true, null, null, io.healthscore.scoring.state.StateLimits.defaults());
        state.recordUsage(0, 2, "u1", false, null, null, io.healthscore.scoring.state.StateLimits.defaults());
        state.published(82.0, HealthLevel.LV4, "v1", Map.of(ScoreComponent.ACTIVITY, 82.0), List.of("activity 82"), 0);
        state.published(55.0, HealthLevel.LV2, "v1", Map.of(ScoreComponent.ACTIVITY, 55.0),
                List.of("activity 55 (was 82): \"5\" of 10 seats"), 86_400_000);

        Map<String, Object> body = AccountHealthView.of("acme", state, LevelThresholds.defaults());

        assertThat(body).containsEntry("score", 55.0).containsEntry("level", "LV2")
                .containsEntry("evaluatedAt", "1970-01-02T00:00:00Z").containsEntry("csmOwnerEmail", "owner@example.com")
                .containsEntry("eventCount", 2L)
                .containsEntry("components", Map.of("ACTIVITY", 55.0))
                .containsEntry("reasons", List.of("activity 55 (was 82): \"5\" of 10 seats"))
                .containsEntry("calibratedRisk", null).containsEntry("levelBasis", "uncalibrated score bands");
        assertThat(body.get("recentTransitions")).isEqualTo(List.of(Map.of("from", "LV4", "to", "LV2",
                "direction", "DOWN", "score", 55.0, "at", "1970-01-02T00:00:00Z")));
    }

    @Test
    void levelCountsFilterBySegmentAndAddUpAcrossInstances() {
        AccountState smb = new AccountState();
        smb.applyProfile(1, "smb", null, "a@example.com", null, null);
        smb.published(50, HealthLevel.LV2, "v1", Map.of(), List.of(), 0);
        AccountState enterprise = new AccountState();
        enterprise.applyProfile(1, "enterprise", null, "a@example.com", null, null);
        enterprise.published(90, HealthLevel.LV4, "v1", Map.of(), List.of(), 0);

        LevelCounts counts = new LevelCounts("smb", null);
        counts.count(smb);
        counts.count(enterprise);
        counts.count(new AccountState());
        counts.add(Map.of("LV2", 3L, "LV4", 1L));

        assertThat(counts.asMap()).isEqualTo(Map.of("LV1", 0L, "LV2", 4L, "LV3", 0L, "LV4", 1L));
    }

    @Test
    void withACalibratedModelTheBodyCarriesTheRiskOfTheLastScore() {
        AccountState state = new AccountState();
        state.published(40.0, HealthLevel.LV2, "v2", Map.of(), List.of(), 0);
        RiskCalibration calibration = new RiskCalibration(30, 0.5, 0.2, 0.05, List.of(
                new RiskCalibration.Point(20, 0.8), new RiskCalibration.Point(60, 0.1)), "");

        Map<String, Object> body = AccountHealthView.of("acme", state, LevelThresholds.calibrated(calibration, 1.0));

        assertThat((Double) body.get("calibratedRisk")).isCloseTo(0.45, org.assertj.core.data.Offset.offset(0.001));
        assertThat(body).containsEntry("levelBasis", "calibrated churn risk");
    }
}
