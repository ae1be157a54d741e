package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.Severity;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every churn-risk rule and both severities, and the cooldown. Accounts with signals only keep the numbers simple. */
class AlertRulesTest {

    private final ScoringDriver hs = new ScoringDriver();

    @AfterEach
    void close() {
        hs.close();
    }

    /** Sentiment 100 and payment 100: score 100, LV4. */
    private void healthyFor7Days(String account) {
        hs.nps(account, 10);
        hs.paymentSucceeded(account);
        hs.advanceDays(7);
        hs.drain();
    }

    @Test
    void scoreFifteenPointsBelowItsWeekAgoValueIsSuspected() {
        healthyFor7Days("acme");
        // When a passive answer takes the score from 100 to (60 + 100) / 2 = 80
        hs.nps("acme", 8);
        // Then SCORE_DROP is suspected, and 80 stays LV4 thanks to the hysteresis margin
        assertThat(hs.alerts()).extracting(ChurnRiskAlert::getRule, ChurnRiskAlert::getSeverity, ChurnRiskAlert::getDelta7d)
                .containsExactly(tuple(AlertRule.SCORE_DROP, Severity.SUSPECTED, -20.0));
        assertThat(hs.scores()).extracting(HealthScore::getScore, HealthScore::getLevel, HealthScore::getDelta7d)
                .containsExactly(tuple(80.0, HealthLevel.LV4, -20.0));
        assertThat(hs.transitions()).isEmpty();
    }

    @Test
    void scoreTwentyFivePointsBelowItsWeekAgoValueIsImminent() {
        healthyFor7Days("acme");
        // When a failed payment takes the score from 100 to (100 + 50) / 2 = 75
        hs.paymentFailed("acme");
        // Then SCORE_DROP is imminent, the fall to LV3 is suspected, and the payment failure is reported
        assertThat(hs.alerts()).extracting(ChurnRiskAlert::getRule, ChurnRiskAlert::getSeverity)
                .containsExactly(tuple(AlertRule.SCORE_DROP, Severity.IMMINENT),
                        tuple(AlertRule.LEVEL_DOWN, Severity.SUSPECTED),
                        tuple(AlertRule.PAYMENT_FAILED, Severity.SUSPECTED));
    }

    @Test
    void aFallToALevelAboveLv1IsSuspected() {
        hs.nps("acme", 10);
        hs.paymentSucceeded("acme");
        hs.drain();
        // When the score falls from 100 to 75
        hs.paymentFailed("acme");
        // Then LEVEL_DOWN is suspected, with a LV4 -> LV3 transition
        List<ChurnRiskAlert> alerts = hs.alerts();
        assertThat(alerts).extracting(ChurnRiskAlert::getRule, ChurnRiskAlert::getSeverity, ChurnRiskAlert::getLevel,
                        ChurnRiskAlert::getPreviousLevel)
                .containsExactly(tuple(AlertRule.LEVEL_DOWN, Severity.SUSPECTED, HealthLevel.LV3, HealthLevel.LV4),
                        tuple(AlertRule.PAYMENT_FAILED, Severity.SUSPECTED, HealthLevel.LV3, HealthLevel.LV4));
        assertThat(hs.transitions()).singleElement().satisfies(t -> {
            assertThat(t.getFromLevel()).isEqualTo(HealthLevel.LV4);
            assertThat(t.getToLevel()).isEqualTo(HealthLevel.LV3);
            assertThat(t.getDirection().toString()).isEqualTo("DOWN");
            assertThat(t.getScore()).isEqualTo(75.0);
            assertThat(t.getPreviousScore()).isEqualTo(100.0);
            assertThat(t.getReasons()).containsExactly("payment 50: 1 failed payment in 60 days");
        });
    }

    @Test
    void aFallIntoLv1IsImminent() {
        hs.nps("acme", 10);
        hs.drain();
        // When a detractor answer takes the score from 100 to 10
        hs.nps("acme", 0);
        // Then LEVEL_DOWN is imminent and the detractor answer is reported
        assertThat(hs.alerts()).extracting(ChurnRiskAlert::getRule, ChurnRiskAlert::getSeverity)
                .containsExactly(tuple(AlertRule.LEVEL_DOWN, Severity.IMMINENT),
                        tuple(AlertRule.DETRACTOR_NPS, Severity.SUSPECTED));
        assertThat(hs.transitions()).extracting(t -> t.getFromLevel() + "->" + t.getToLevel()).containsExactly("LV4->LV1");
    }

    @Test
    void noLoginForFourteenDaysIsSuspectedAndForThirtyDaysImminentWithoutAnyNewEvent() {
        // Given one login and then silence
        hs.login("acme", "u1");
        // When only time passes, one day at a time, for 30 days
        hs.advanceDays(30);
        // Then INACTIVITY is raised on day 14, again when its cooldown ends (day 21, 28), and as imminent on day 30
        List<ChurnRiskAlert> inactivity = hs.alerts().stream().filter(a -> a.getRule() == AlertRule.INACTIVITY).toList();
        assertThat(inactivity).extracting(a -> Duration.between(ScoringDriver.T0, a.getRaisedAt()).toDays(),
                        ChurnRiskAlert::getSeverity)
                .containsExactly(tuple(14L, Severity.SUSPECTED), tuple(21L, Severity.SUSPECTED),
                        tuple(28L, Severity.SUSPECTED), tuple(30L, Severity.IMMINENT));
        assertThat(inactivity.get(0).getReasons()).containsExactly("no login for 14 days");
    }

    @Test
    void renewalWithinNinetyDaysAtLv2OrBelowIsImminent() {
        LocalDate renewal = LocalDate.ofInstant(ScoringDriver.T0, ZoneOffset.UTC).plusDays(60);
        hs.pipe(hs.profile("acme").setRenewalDate(renewal).setCoverageModel(CoverageModel.HIGH_TOUCH).build());
        // When a passive NPS answer and a failed payment give (60 + 50) / 2 = 55, LV2
        hs.nps("acme", 8);
        hs.paymentFailed("acme");
        // Then RENEWAL_AT_RISK is imminent and carries the renewal date, owner and coverage model
        List<ChurnRiskAlert> renewalAlerts = hs.alerts().stream()
                .filter(a -> a.getRule() == AlertRule.RENEWAL_AT_RISK).toList();
        assertThat(renewalAlerts).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(Severity.IMMINENT);
            assertThat(a.getLevel()).isEqualTo(HealthLevel.LV2);
            assertThat(a.getRenewalDate()).isEqualTo(renewal);
            assertThat(a.getCsmOwnerEmail()).isEqualTo("csm@example.com");
            assertThat(a.getCoverageModel()).isEqualTo(CoverageModel.HIGH_TOUCH);
            assertThat(a.getReasons()).containsExactly("renewal on " + renewal + " in 60 days at LV2");
        });
    }

    @Test
    void renewalFurtherThanNinetyDaysAwayRaisesNoRenewalAlert() {
        LocalDate renewal = LocalDate.ofInstant(ScoringDriver.T0, ZoneOffset.UTC).plusDays(91);
        hs.profile("acme", null, renewal);
        hs.nps("acme", 8);
        hs.paymentFailed("acme");
        assertThat(hs.alerts()).extracting(ChurnRiskAlert::getRule).doesNotContain(AlertRule.RENEWAL_AT_RISK);
    }

    @Test
    void aFailedPaymentIsSuspected() {
        hs.paymentFailed("acme");
        assertThat(hs.alerts()).extracting(ChurnRiskAlert::getRule, ChurnRiskAlert::getSeverity, ChurnRiskAlert::getReasons)
                .containsExactly(tuple(AlertRule.PAYMENT_FAILED, Severity.SUSPECTED, List.of("1 failed payment in 7 days")));
    }

    @Test
    void aDetractorAnswerIsSuspected() {
        hs.nps("acme", 6);
        assertThat(hs.alerts()).extracting(ChurnRiskAlert::getRule, ChurnRiskAlert::getSeverity, ChurnRiskAlert::getReasons)
                .containsExactly(tuple(AlertRule.DETRACTOR_NPS, Severity.SUSPECTED, List.of("NPS answer 6 (detractor)")));
    }

    @Test
    void aRuleFiresAtMostOncePerCooldownWindow() {
        // Given a detractor alert
        hs.nps("acme", 3);
        // When another detractor answer comes 3 days later, and another 8 days after the first
        hs.advanceDays(3);
        hs.nps("acme", 4);
        hs.advanceDays(5);
        hs.nps("acme", 2);
        // Then the first answer raises an alert, the day-3 answer none (window open); when the window ends on
        // day 7 the day-3 answer is still recent and raises the next one, so the day-8 answer raises none
        List<ChurnRiskAlert> alerts = hs.alerts();
        assertThat(alerts).extracting(a -> Duration.between(ScoringDriver.T0, a.getRaisedAt()).toDays())
                .containsExactly(0L, 7L);
        assertThat(alerts.get(0).getAlertId()).isNotEqualTo(alerts.get(1).getAlertId());
    }

    @Test
    void aRisingSeverityFiresWithinTheCooldownWindow() {
        // Given a suspected LEVEL_DOWN (LV4 -> LV3) and then a further fall to LV2 the same day (still suspected)
        hs.nps("acme", 10);
        hs.paymentSucceeded("acme");
        hs.paymentFailed("acme");
        hs.paymentFailed("acme");
        // When the account falls into LV1 (imminent)
        hs.nps("acme", 2);
        // Then LEVEL_DOWN fired as suspected once, and as imminent despite the open window
        assertThat(hs.alerts()).filteredOn(a -> a.getRule() == AlertRule.LEVEL_DOWN)
                .extracting(ChurnRiskAlert::getSeverity, ChurnRiskAlert::getLevel)
                .containsExactly(tuple(Severity.SUSPECTED, HealthLevel.LV3), tuple(Severity.IMMINENT, HealthLevel.LV1));
        assertThat(hs.transitions()).extracting(t -> t.getFromLevel() + "->" + t.getToLevel())
                .containsExactly("LV4->LV3", "LV3->LV2", "LV2->LV1");
    }
}
