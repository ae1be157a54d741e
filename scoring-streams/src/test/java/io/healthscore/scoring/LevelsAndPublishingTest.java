package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.scoring.model.ComponentParameters;
import org.junit.jupiter.api.Test;

/** Level hysteresis, the emit step, and what a published score carries. */
class LevelsAndPublishingTest {

    @Test
    void aScoreWobblingAroundABoundaryDoesNotFlap() {
        // Given NPS categories that score 64 / 58 / 56 around the LV3 boundary of 60 (margin 3)
        ComponentParameters p = new ComponentParameters(20, 25, 30, 50, 60, 64, 58, 56, 180);
        try (ScoringDriver hs = new ScoringDriver(ScoringDriver.defaultConfig().withModel(ScoringDriver.model(p, 1.0)))) {
            // When the score goes 64, 58, 64, 56, 58, 64
            for (int nps : new int[] {9, 7, 9, 3, 7, 9}) {
                hs.nps("acme", nps);
            }
            // Then it leaves LV3 only below 57 and comes back only at 63 or more
            assertThat(hs.scores()).extracting(HealthScore::getScore, HealthScore::getLevel).containsExactly(
                    tuple(64.0, HealthLevel.LV3), tuple(58.0, HealthLevel.LV3), tuple(64.0, HealthLevel.LV3),
                    tuple(56.0, HealthLevel.LV2), tuple(58.0, HealthLevel.LV2), tuple(64.0, HealthLevel.LV3));
            assertThat(hs.transitions()).extracting(LevelTransition::getFromLevel, LevelTransition::getToLevel,
                            t -> t.getDirection().toString())
                    .containsExactly(tuple(HealthLevel.LV3, HealthLevel.LV2, "DOWN"), tuple(HealthLevel.LV2, HealthLevel.LV3, "UP"));
        }
    }

    @Test
    void aScoreIsPublishedOnlyWhenItMovesByTheEmitStep() {
        // Given failed payments cost 2 points each and the emit step is 5
        ComponentParameters p = new ComponentParameters(20, 25, 30, 2, 60, 100, 60, 10, 180);
        try (ScoringDriver hs = new ScoringDriver(ScoringDriver.defaultConfig().withModel(ScoringDriver.model(p, 5.0)))) {
            hs.nps("acme", 10);
            hs.paymentSucceeded("acme");
            // When five payments fail, moving the score 100, 99, 98, 97, 96, 95
            for (int i = 0; i < 5; i++) {
                hs.paymentFailed("acme");
            }
            // Then only the first score and the one 5 points below it are published
            assertThat(hs.scores()).extracting(HealthScore::getScore, HealthScore::getPreviousScore)
                    .containsExactly(tuple(100.0, null), tuple(95.0, 100.0));
        }
    }

    @Test
    void aPublishedScoreCarriesComponentsReasonsProfileAndModelVersionOnBothScoreTopics() {
        try (ScoringDriver hs = new ScoringDriver()) {
            hs.profile("acme", 4, null);
            hs.login("acme", "u1");
            hs.useFeature("acme", "u1", "reports");
            HealthScore first = hs.scores().get(0);
            assertThat(first.getModelVersion()).isEqualTo("test-1");
            assertThat(first.getSegment()).isEqualTo("smb");
            assertThat(first.getCoverageModel().toString()).isEqualTo("TECH_TOUCH");
            assertThat(first.getEventCount()).isEqualTo(1);
            assertThat(first.getEvaluatedAt()).isEqualTo(ScoringDriver.T0);
            // activity 25, login 5, adoption 0, onboarding 0 over weight 0.6: (5 + 0.75) / 0.6 = 9.6
            assertThat(first.getScore()).isEqualTo(9.6);
            assertThat(first.getDataCoverage()).isEqualTo(0.6);
            assertThat(first.getReasons()).containsExactly(
                    "activity 25: 1 of 4 seats active in 7 days",
                    "feature adoption 0: 0 of 4 key features used in 28 days",
                    "login frequency 5: logged in on 1 of the last 28 days");
        }
    }

    @Test
    void theLatestTopicGetsTheSameRecordsAsTheScoreStream() {
        try (ScoringDriver hs = new ScoringDriver()) {
            hs.nps("acme", 10);
            hs.nps("acme", 7);
            assertThat(hs.latestScores()).isEqualTo(hs.scores());
        }
    }
}
