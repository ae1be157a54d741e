package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.SmtpCatcher.CaughtMail;
import io.healthscore.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Noise control (cooldown per account and rule) and escalation to the CSM when tech touch did not help. */
@ExtendWith(LocalStackExtension.class)
class EscalationAndCooldownIT {

    private static final Duration DAY = Duration.ofDays(1);
    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        // Defaults: cooldown 7 days, escalation window 14 days; the email carries the latest 3 scores; one account
        // may get up to 10 customer emails a day (several alerts per account below).
        service = AlertServiceFixture.start(stack, "escalation_it", Map.of("escalation.max-scores", "3",
                "mail.customer-limits.per-account", "10"));
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aSecondAlertForTheSameRuleWithinTheCooldownIsSuppressedUnlessItsSeverityRises() {
        // Given an acted-on SUSPECTED score-drop alert
        String acct = "acct-cool";
        sendAlert("cool-1", acct, AlertRule.SCORE_DROP, Severity.SUSPECTED, CoverageModel.LOW_TOUCH, Records.T0);
        // When the same rule fires again 2 days later at the same severity, a different rule fires, the severity
        // rises on day 3, and the rule fires again as SUSPECTED on day 5 (within 7 days of the IMMINENT one)
        // and on day 11 (after its cooldown)
        sendAlert("cool-2", acct, AlertRule.SCORE_DROP, Severity.SUSPECTED, CoverageModel.LOW_TOUCH, Records.T0.plus(DAY.multipliedBy(2)));
        sendAlert("cool-other-rule", acct, AlertRule.PAYMENT_FAILED, Severity.SUSPECTED, CoverageModel.LOW_TOUCH, Records.T0.plus(DAY.multipliedBy(2)));
        sendAlert("cool-3", acct, AlertRule.SCORE_DROP, Severity.IMMINENT, CoverageModel.LOW_TOUCH, Records.T0.plus(DAY.multipliedBy(3)));
        sendAlert("cool-4", acct, AlertRule.SCORE_DROP, Severity.SUSPECTED, CoverageModel.LOW_TOUCH, Records.T0.plus(DAY.multipliedBy(5)));
        sendAlert("cool-5", acct, AlertRule.SCORE_DROP, Severity.SUSPECTED, CoverageModel.LOW_TOUCH, Records.T0.plus(DAY.multipliedBy(11)));

        // Then every alert is stored, but only the first, the other rule, the severity rise and the one after the
        // cooldown were acted on
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM alerts WHERE account_id = ?", acct) == 6);
        assertThat(sql.rows("SELECT alert_id, status FROM alerts WHERE account_id = ? ORDER BY raised_at, alert_id", acct))
                .containsExactly(
                        Map.of("alert_id", "cool-1", "status", "OPEN"),
                        Map.of("alert_id", "cool-2", "status", "SUPPRESSED"),
                        Map.of("alert_id", "cool-other-rule", "status", "OPEN"),
                        Map.of("alert_id", "cool-3", "status", "OPEN"),
                        Map.of("alert_id", "cool-4", "status", "SUPPRESSED"),
                        Map.of("alert_id", "cool-5", "status", "OPEN"));
        assertThat((String) sql.rows("SELECT status_note FROM alerts WHERE alert_id = 'cool-2'").get(0).get("status_note"))
                .startsWith("cooldown: a SUSPECTED SCORE_DROP alert");
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-cool@example.com").size() == 4);
        assertThat(service.mailTo("csm-cool@example.com")).extracting(CaughtMail::subject).containsExactlyInAnyOrder(
                "[SUSPECTED] Cool Co: SCORE_DROP (score 35.5, LV1)",
                "[SUSPECTED] Cool Co: PAYMENT_FAILED (score 35.5, LV1)",
                "[IMMINENT] Cool Co: SCORE_DROP (score 35.5, LV1)",
                "[SUSPECTED] Cool Co: SCORE_DROP (score 35.5, LV1)");
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE alert_id IN ('cool-2', 'cool-4')")).isZero();
    }

    @Test
    void aScoreThatKeepsFallingAfterTheTechTouchEmailEscalatesToTheCsmOnceWithTheHistory() {
        // Given a tech-touch account whose contact got the follow-up email for an alert at score 35.5
        String acct = "acct-fall";
        techTouchAccount(acct, "Falling KK", "csm-fall@example.com", "contact@falling.example");
        sendAlert("fall-1", acct, AlertRule.INACTIVITY, Severity.SUSPECTED, CoverageModel.TECH_TOUCH, Records.T0);
        awaitCustomerEmailDelivered("fall-1");

        // When the score rises first (no escalation), then falls below the alert's score twice
        service.send(service.topics.healthScores(), acct, Records.score(acct, 40.0, Records.T0.plus(DAY)));
        service.send(service.topics.healthScores(), acct, Records.score(acct, 30.0, Records.T0.plus(DAY.multipliedBy(3))));
        service.send(service.topics.healthScores(), acct, Records.score(acct, 25.0, Records.T0.plus(DAY.multipliedBy(5))));

        // Then the CSM gets exactly one escalation, naming the trigger and carrying the history
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-fall@example.com").size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM health_scores WHERE account_id = ?", acct) == 3);
        CaughtMail escalation = service.mailTo("csm-fall@example.com").get(0);
        assertThat(escalation.subject()).isEqualTo("[ESCALATION] Falling KK: tech-touch follow-up did not help");
        assertThat(escalation.body()).contains("Trigger: score fell to 30.0 after the tech-touch email")
                .contains("SUSPECTED INACTIVITY").contains("active users −45% vs 28-day baseline")
                .contains("CUSTOMER_EMAIL -> email: DELIVERED").contains("30.0 LV1");
        assertThat(sql.rows("SELECT alert_id, trigger FROM escalations WHERE account_id = ?", acct))
                .containsExactly(Map.of("alert_id", "fall-1", "trigger", "score fell to 30.0 after the tech-touch email"));
        assertThat(service.mailTo("csm-fall@example.com")).hasSize(1);
    }

    @Test
    void triggersForSeveralAlertsWithinTheWindowGiveTheCsmOneEscalationForTheAccount() {
        // Given a tech-touch account whose contact got follow-up emails for three alerts (three rules)
        String acct = "acct-many";
        techTouchAccount(acct, "Many Alerts KK", "csm-many@example.com", "contact@many.example");
        sendAlert("many-1", acct, AlertRule.INACTIVITY, Severity.SUSPECTED, CoverageModel.TECH_TOUCH, Records.T0);
        sendAlert("many-2", acct, AlertRule.SCORE_DROP, Severity.SUSPECTED, CoverageModel.TECH_TOUCH,
                Records.T0.plusSeconds(60));
        sendAlert("many-3", acct, AlertRule.PAYMENT_FAILED, Severity.SUSPECTED, CoverageModel.TECH_TOUCH,
                Records.T0.plusSeconds(120));
        awaitCustomerEmailDelivered("many-1");
        awaitCustomerEmailDelivered("many-2");
        awaitCustomerEmailDelivered("many-3");

        // When the score falls below theirs, keeps falling, and an IMMINENT alert follows, all within the window
        service.send(service.topics.healthScores(), acct, Records.score(acct, 30.0, Records.T0.plus(DAY)));
        service.send(service.topics.healthScores(), acct, Records.score(acct, 20.0, Records.T0.plus(DAY.multipliedBy(2))));
        sendAlert("many-4", acct, AlertRule.RENEWAL_AT_RISK, Severity.IMMINENT, CoverageModel.TECH_TOUCH,
                Records.T0.plus(DAY.multipliedBy(3)));

        // Then the CSM gets one escalation email for the account, which carries every alert, and the two later
        // triggers are counted on it instead of mailing
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM account_escalations "
                + "WHERE account_id = ? AND triggers = 3", acct) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-many@example.com").size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                service.mailTo("csm-many@example.com").size() == 1);
        assertThat(service.mailTo("csm-many@example.com").get(0).body())
                .contains("INACTIVITY", "SCORE_DROP", "PAYMENT_FAILED");
        assertThat(sql.rows("SELECT alert_id, escalation_id FROM escalations WHERE account_id = ? ORDER BY alert_id",
                acct)).containsExactly(Map.of("alert_id", "many-1", "escalation_id", "esc-many-1"),
                Map.of("alert_id", "many-2", "escalation_id", "esc-many-1"),
                Map.of("alert_id", "many-3", "escalation_id", "esc-many-1"));

        // When a trigger comes after the window of the first (20 days later)
        sendAlert("many-5", acct, AlertRule.INACTIVITY, Severity.SUSPECTED, CoverageModel.TECH_TOUCH,
                Records.T0.plus(DAY.multipliedBy(20)));
        awaitCustomerEmailDelivered("many-5");
        service.send(service.topics.healthScores(), acct, Records.score(acct, 10.0, Records.T0.plus(DAY.multipliedBy(21))));

        // Then it opens a second escalation, with its own email
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-many@example.com").size() == 2);
    }

    @Test
    void theEscalationEmailCarriesOnlyTheLatestScores() {
        // Given a tech-touch account emailed for an alert at score 35.5, whose score then rose six times
        String acct = "acct-long";
        techTouchAccount(acct, "Long History KK", "csm-long@example.com", "contact@long.example");
        sendAlert("long-1", acct, AlertRule.INACTIVITY, Severity.SUSPECTED, CoverageModel.TECH_TOUCH, Records.T0);
        awaitCustomerEmailDelivered("long-1");
        for (int day = 1; day <= 6; day++) {
            service.send(service.topics.healthScores(), acct, Records.score(acct, 40.0 + day,
                    Records.T0.plus(DAY.multipliedBy(day))));
        }

        // When it falls below the alert's score
        service.send(service.topics.healthScores(), acct, Records.score(acct, 20.0, Records.T0.plus(DAY.multipliedBy(7))));

        // Then the escalation lists the latest three scores and none before them
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-long@example.com").size() == 1);
        String body = service.mailTo("csm-long@example.com").get(0).body();
        String recent = body.substring(body.indexOf("Recent scores:"));
        assertThat(recent).contains("45.0 LV1", "46.0 LV1", "20.0 LV1")
                .doesNotContain("41.0", "42.0", "43.0", "44.0");
    }

    @Test
    void anImminentAlertWithinTheWindowAfterTheTechTouchEmailEscalatesButOneAfterItDoesNot() {
        // Given two tech-touch accounts that got the follow-up email
        techTouchAccount("acct-imm", "Imminent GK", "csm-imm@example.com", "contact@imm.example");
        techTouchAccount("acct-late", "Late GK", "csm-late@example.com", "contact@late.example");
        sendAlert("imm-1", "acct-imm", AlertRule.INACTIVITY, Severity.SUSPECTED, CoverageModel.TECH_TOUCH, Records.T0);
        sendAlert("late-1", "acct-late", AlertRule.INACTIVITY, Severity.SUSPECTED, CoverageModel.TECH_TOUCH, Records.T0);
        awaitCustomerEmailDelivered("imm-1");
        awaitCustomerEmailDelivered("late-1");

        // When an IMMINENT alert follows 3 days later for one and 20 days later (outside 14) for the other
        sendAlert("imm-2", "acct-imm", AlertRule.RENEWAL_AT_RISK, Severity.IMMINENT, CoverageModel.TECH_TOUCH,
                Records.T0.plus(DAY.multipliedBy(3)));
        sendAlert("late-2", "acct-late", AlertRule.RENEWAL_AT_RISK, Severity.IMMINENT, CoverageModel.TECH_TOUCH,
                Records.T0.plus(DAY.multipliedBy(20)));

        // Then only the first escalates to its CSM
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-imm@example.com").size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM deliveries WHERE alert_id = 'late-2' AND status = 'DELIVERED'") == 3);
        assertThat(service.mailTo("csm-imm@example.com").get(0).body())
                .contains("Trigger: IMMINENT alert imm-2 followed the tech-touch email");
        assertThat(service.mailTo("csm-late@example.com")).isEmpty();
        assertThat(sql.count("SELECT count(*) FROM escalations WHERE account_id = 'acct-late'")).isZero();
    }

    @Test
    void aSnoozedAlertIsNotEscalatedWhileItsSnoozeLastsAndIsAfterwards() {
        // Given a tech-touched alert that its CSM snoozed until T0 + 4 days (a renewal call is planned)
        String acct = "acct-snooze-esc";
        techTouchAccount(acct, "Snoozed KK", "csm-snooze@example.com", "contact@snoozed.example");
        sendAlert("snz-esc-1", acct, AlertRule.INACTIVITY, Severity.SUSPECTED, CoverageModel.TECH_TOUCH, Records.T0);
        awaitCustomerEmailDelivered("snz-esc-1");
        sql.update("UPDATE alerts SET snoozed_until = ?, snooze_reason = 'renewal call on day 4' WHERE alert_id = ?",
                java.sql.Timestamp.from(Records.T0.plus(DAY.multipliedBy(4))), "snz-esc-1");

        // When the score falls below the alert's twice during the snooze
        service.send(service.topics.healthScores(), acct, Records.score(acct, 30.0, Records.T0.plus(DAY)));
        service.send(service.topics.healthScores(), acct, Records.score(acct, 25.0, Records.T0.plus(DAY.multipliedBy(2))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM health_scores WHERE account_id = ?", acct) == 2);

        // Then nothing escalates (scores are checked in the transaction that stores them)
        assertThat(sql.count("SELECT count(*) FROM escalations WHERE account_id = ?", acct)).isZero();

        // When it keeps falling after the snooze ended, it escalates, once
        service.send(service.topics.healthScores(), acct, Records.score(acct, 20.0, Records.T0.plus(DAY.multipliedBy(5))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM escalations WHERE account_id = ?", acct) == 1);
        assertThat(sql.strings("SELECT trigger FROM escalations WHERE account_id = ?", acct))
                .containsExactly("score fell to 20.0 after the tech-touch email");
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-snooze@example.com").size() == 1);
    }

    private static void techTouchAccount(String acct, String name, String csm, String contact) {
        service.send(service.topics.accountProfiles(), acct, Records.profile(acct, name, CoverageModel.TECH_TOUCH,
                csm, contact, "en"));
        awaitProfileStored(acct);
    }

    /**
     * The CRM's profile is there before the account's alerts: profiles and alerts are different topics, and the
     * intake reads them in no fixed order relative to each other, so an alert read first would find no CSM.
     */
    private static void awaitProfileStored(String acct) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = ?", acct) == 1);
    }

    private static void awaitCustomerEmailDelivered(String alertId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE alert_id = ? "
                + "AND channel = 'CUSTOMER_EMAIL' AND status = 'DELIVERED'", alertId) == 1);
    }

    private static void sendAlert(String id, String acct, AlertRule rule, Severity severity, CoverageModel coverage,
                                  Instant raisedAt) {
        if (acct.equals("acct-cool")) {
            service.send(service.topics.accountProfiles(), acct, Records.profile(acct, "Cool Co", coverage,
                    "csm-cool@example.com", null, null));
            awaitProfileStored(acct);
        }
        service.send(service.topics.churnRiskAlerts(), acct, Records.alert(id, acct, rule, severity, coverage)
                .setCsmOwnerEmail(null).setRaisedAt(raisedAt).build());
    }
}
