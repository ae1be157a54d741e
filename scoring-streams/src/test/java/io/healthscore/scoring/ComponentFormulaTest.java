package io.healthscore.scoring;

import static io.healthscore.scoring.ScoringDriver.component;
import static io.healthscore.scoring.ScoringDriver.measure;
import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthScore;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.avro.TicketPriority;
import io.healthscore.scoring.model.ScoringModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per component formula, read from the published scores (every evaluation is published here). */
class ComponentFormulaTest {

    private final ScoringDriver hs = new ScoringDriver(ScoringDriver.everyEvaluationPublished());

    @AfterEach
    void close() {
        hs.close();
    }

    @Test
    void activityIsDistinctUsersOfTheLastSevenDaysPerSeat() {
        // Given an account with 10 seats
        hs.profile("acme", 10, null);
        // When three distinct users log in (one twice) today
        hs.login("acme", "u1");
        hs.login("acme", "u2");
        hs.login("acme", "u1");
        hs.login("acme", "u3");
        // Then activity is 3 of 10 seats
        HealthScore today = hs.lastScore();
        assertThat(component(today, ScoreComponent.ACTIVITY)).isEqualTo(30.0);
        assertThat(measure(today, ScoreComponent.ACTIVITY)).isEqualTo("3 of 10 seats active in 7 days");

        // And eight days later only the users of the last seven days count
        hs.advanceDays(8);
        hs.login("acme", "u4");
        assertThat(component(hs.lastScore(), ScoreComponent.ACTIVITY)).isEqualTo(10.0);
    }

    @Test
    void activityWithoutSeatsComparesTheLastWeekWithTheAccountsOwnWeeklyAverage() {
        // Given 4 users a week for three weeks, then 2 in the fourth, and no seat count
        for (int week = 0; week < 4; week++) {
            List<String> users = week < 3 ? List.of("u1", "u2", "u3", "u4") : List.of("u1", "u2");
            users.forEach(u -> hs.login("acme", u));
            hs.advanceDays(week < 3 ? 7 : 6);
        }
        // When a known user logs in on day 27
        hs.login("acme", "u1");
        // Then activity = 2 / mean(4, 4, 4, 2) = 57.1 %
        HealthScore score = hs.lastScore();
        assertThat(component(score, ScoreComponent.ACTIVITY)).isEqualTo(57.1);
        assertThat(measure(score, ScoreComponent.ACTIVITY))
                .isEqualTo("2 active users in 7 days vs a 28-day weekly average of 3.5");
    }

    @Test
    void loginFrequencyIsDaysWithALoginOutOfTheTarget() {
        // When the account logs in on 10 different days
        for (int day = 0; day < 10; day++) {
            hs.login("acme", "u1");
            hs.login("acme", "u2");
            if (day < 9) {
                hs.advanceDays(1);
            }
        }
        // Then login frequency = 10 / 20 target days
        HealthScore score = hs.lastScore();
        assertThat(component(score, ScoreComponent.LOGIN_FREQUENCY)).isEqualTo(50.0);
        assertThat(measure(score, ScoreComponent.LOGIN_FREQUENCY)).isEqualTo("logged in on 10 of the last 28 days");
    }

    @Test
    void featureAdoptionIsKeyFeaturesUsedInTwentyEightDaysOverKeyFeatures() {
        // When two key features and one other feature are used
        hs.useFeature("acme", "u1", "reports");
        hs.useFeature("acme", "u1", "dashboards");
        hs.useFeature("acme", "u2", "reports");
        hs.useFeature("acme", "u2", "chat");
        // Then adoption is 2 of the 4 key features
        HealthScore score = hs.lastScore();
        assertThat(component(score, ScoreComponent.FEATURE_ADOPTION)).isEqualTo(50.0);
        assertThat(measure(score, ScoreComponent.FEATURE_ADOPTION)).isEqualTo("2 of 4 key features used in 28 days");

        // And 28 days later without use, adoption is back to 0
        hs.advanceDays(28);
        hs.login("acme", "u1");
        assertThat(component(hs.lastScore(), ScoreComponent.FEATURE_ADOPTION)).isEqualTo(0.0);
    }

    @Test
    void trendIsTheLastSevenDaysAgainstTheWeeklyBaseline() {
        // Given two users active every day for two weeks, then one user for a week
        for (int day = 0; day <= 20; day++) {
            hs.login("acme", "u1");
            if (day < 14) {
                hs.login("acme", "u2");
            }
            if (day < 20) {
                hs.advanceDays(1);
            }
        }
        // Then trend = 7 user-days / (28 user-days over 14 days, i.e. 14 a week) = 50
        HealthScore score = hs.lastScore();
        assertThat(component(score, ScoreComponent.TREND)).isEqualTo(50.0);
        assertThat(measure(score, ScoreComponent.TREND)).isEqualTo("active users \u221250% vs 28-day baseline");
    }

    @Test
    void trendHasNoDataForAnAccountYoungerThanAWeekOfBaseline() {
        hs.login("acme", "u1");
        assertThat(component(hs.lastScore(), ScoreComponent.TREND)).isNull();
    }

    @Test
    void onboardingIsRequiredStepsCompletedOverRequiredSteps() {
        hs.completeStep("acme", "u1", "create-project");
        hs.completeStep("acme", "u1", "take-the-tour");
        HealthScore score = hs.lastScore();
        assertThat(component(score, ScoreComponent.ONBOARDING)).isEqualTo(50.0);
        assertThat(measure(score, ScoreComponent.ONBOARDING)).isEqualTo("1 of 2 onboarding steps completed");
    }

    @Test
    void supportLosesTwentyFivePointsPerOpenHighPriorityTicket() {
        // When two high-priority tickets open, a low one opens and one high one closes
        hs.ticketOpened("acme", "t1", TicketPriority.HIGH);
        hs.ticketOpened("acme", "t2", TicketPriority.URGENT);
        hs.ticketOpened("acme", "t3", TicketPriority.LOW);
        hs.ticketClosed("acme", "t1");
        // Then support follows the open high-priority tickets: 75, 50, 50, 75
        assertThat(hs.scores()).extracting(s -> component(s, ScoreComponent.SUPPORT)).containsExactly(75.0, 50.0, 50.0, 75.0);
    }

    @ParameterizedTest
    @CsvSource({"10, 100.0, promoter", "8, 60.0, passive", "6, 10.0, detractor"})
    void sentimentFollowsTheLatestNpsCategory(int nps, double expected, String category) {
        hs.nps("acme", nps);
        HealthScore score = hs.lastScore();
        assertThat(component(score, ScoreComponent.SENTIMENT)).isEqualTo(expected);
        assertThat(measure(score, ScoreComponent.SENTIMENT)).isEqualTo("latest NPS " + nps + " (" + category + ")");
    }

    @Test
    void paymentLosesFiftyPointsPerFailedPaymentInSixtyDays() {
        hs.paymentSucceeded("acme");
        hs.paymentFailed("acme");
        assertThat(hs.scores()).extracting(s -> component(s, ScoreComponent.PAYMENT)).containsExactly(100.0, 50.0);

        // And once the failure is older than 60 days it no longer counts
        hs.advanceDays(61);
        hs.paymentSucceeded("acme");
        assertThat(component(hs.lastScore(), ScoreComponent.PAYMENT)).isEqualTo(100.0);
    }

    @Test
    void componentsWithoutDataAreLeftOutAndTheRestRenormalised() {
        // When the only data is one passive NPS answer
        hs.nps("acme", 8);
        // Then the score is the sentiment alone, with 10 % of the model's weight covered
        HealthScore score = hs.lastScore();
        assertThat(score.getScore()).isEqualTo(60.0);
        assertThat(score.getDataCoverage()).isEqualTo(0.1);
        assertThat(score.getComponents()).filteredOn(c -> c.getValue() != null).hasSize(1);
        assertThat(score.getComponents()).hasSize(8);
    }

    @Test
    void anAccountWithoutAnyDataGetsNoScore() {
        hs.profile("acme", 10, null);
        assertThat(hs.allOutputsEmpty()).isTrue();
    }

    @Test
    void segmentWeightsOverrideTheDefaultWeights() {
        hs.close();
        ScoringModel d = ScoringDriver.defaultModel();
        ScoringModel model = new ScoringModel("seg-1", d.weights(),
                Map.of("enterprise", Map.of(ScoreComponent.SENTIMENT, 0.3)), d.keyFeatures(),
                d.requiredOnboardingSteps(), d.components(), d.levels(), d.alerts(), d.alertCooldown(), 0.0);
        try (ScoringDriver enterprise = new ScoringDriver(ScoringDriver.defaultConfig().withModel(model))) {
            enterprise.pipe(enterprise.profile("big").setSegment("enterprise").build());
            enterprise.nps("big", 10);
            enterprise.paymentFailed("big");
            enterprise.nps("small", 10);
            enterprise.paymentFailed("small");
            // (100 * 0.3 + 50 * 0.1) / 0.4 = 87.5 for enterprise, (100 * 0.1 + 50 * 0.1) / 0.2 = 75 otherwise
            List<HealthScore> scores = enterprise.scores();
            assertThat(scores).extracting(HealthScore::getAccountId, HealthScore::getScore)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("big", 100.0),
                            org.assertj.core.groups.Tuple.tuple("big", 87.5),
                            org.assertj.core.groups.Tuple.tuple("small", 100.0),
                            org.assertj.core.groups.Tuple.tuple("small", 75.0));
        }
    }
}
