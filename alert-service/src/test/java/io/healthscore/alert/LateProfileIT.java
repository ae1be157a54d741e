package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Profiles and alerts are different topics, read in no fixed order. An alert read before its account's profile
 * holds back its CSM and customer emails (here 10 s) and is routed when the profile arrives; when none arrives in
 * time, those emails are SKIPPED saying so. Read the other way round, the alert is routed at once.
 */
@ExtendWith(LocalStackExtension.class)
class LateProfileIT {

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "late_profile_it", Map.of("routing.profile-wait.timeout", "10s"));
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anAlertReadBeforeItsProfileIsRoutedToTheCsmAndContactTheProfileNames() {
        // Given an alert for an account whose profile has not been read yet
        sendAlert("early-1", "acct-early", CoverageModel.HIGH_TOUCH);
        sendAlert("early-2", "acct-early-tt", CoverageModel.TECH_TOUCH);

        // Then what needs no profile goes out, and the emails wait
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM pending_routes") >= 2
                && sql.count("SELECT count(*) FROM deliveries WHERE alert_id = 'early-1' AND channel = 'SLACK' "
                + "AND status = 'DELIVERED'") == 1);
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE alert_id IN ('early-1', 'early-2') AND channel IN "
                + "('CSM_EMAIL', 'CUSTOMER_EMAIL')")).isZero();

        // When the profiles arrive
        service.send(service.topics.accountProfiles(), "acct-early", Records.profile("acct-early", "Early KK",
                CoverageModel.HIGH_TOUCH, "csm-early@example.com", null, "en"));
        service.send(service.topics.accountProfiles(), "acct-early-tt", Records.profile("acct-early-tt", "Early TT",
                CoverageModel.TECH_TOUCH, "csm-early@example.com", "contact@early.example", "en"));

        // Then the CSM and the contact get their emails, and the alert names the profile's CSM
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-early@example.com").size() == 1
                && service.mailTo("contact@early.example").size() == 1);
        assertThat(sql.rows("SELECT csm_owner FROM alerts WHERE alert_id IN ('early-1', 'early-2')"))
                .containsExactly(Map.of("csm_owner", "csm-early@example.com"),
                        Map.of("csm_owner", "csm-early@example.com"));
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE alert_id IN ('early-1', 'early-2') "
                + "AND status = 'SKIPPED'")).isZero();
        assertThat(sql.count("SELECT count(*) FROM pending_routes WHERE account_id LIKE 'acct-early%'")).isZero();
    }

    @Test
    void anAlertWhoseProfileNeverArrivesHasItsEmailsSkippedAfterTheWaitWithTheReason() {
        // Given an alert for an account that has no profile
        sendAlert("orphan-1", "acct-orphan", CoverageModel.TECH_TOUCH);

        // Then after the wait its customer email is SKIPPED, saying why, and nothing waits any more
        await().atMost(Duration.ofSeconds(40)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE "
                + "alert_id = 'orphan-1' AND channel = 'CUSTOMER_EMAIL' AND status = 'SKIPPED'") == 1);
        assertThat(sql.rows("SELECT last_error FROM deliveries WHERE alert_id = 'orphan-1' AND channel = "
                + "'CUSTOMER_EMAIL'")).containsExactly(Map.of("last_error",
                "no contact email on the account profile (no profile arrived within PT10S)"));
        assertThat(sql.count("SELECT count(*) FROM pending_routes WHERE account_id = 'acct-orphan'")).isZero();

        // When the profile comes after all, nothing is sent twice or late
        service.send(service.topics.accountProfiles(), "acct-orphan", Records.profile("acct-orphan", "Orphan KK",
                CoverageModel.TECH_TOUCH, "csm-orphan@example.com", "contact@orphan.example", "en"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = 'acct-orphan'") == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                service.mailTo("contact@orphan.example").isEmpty());
    }

    @Test
    void anAlertReadAfterItsProfileIsRoutedAtOnce() {
        // Given the profile first
        service.send(service.topics.accountProfiles(), "acct-prompt", Records.profile("acct-prompt", "Prompt KK",
                CoverageModel.HIGH_TOUCH, "csm-prompt@example.com", null, "en"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = 'acct-prompt'") == 1);

        // When its alert is read
        sendAlert("prompt-1", "acct-prompt", CoverageModel.HIGH_TOUCH);

        // Then the CSM email is written with the alert, well inside the wait, and nothing waits
        await().atMost(Duration.ofSeconds(5)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE "
                + "alert_id = 'prompt-1' AND channel = 'CSM_EMAIL' AND target = 'csm-prompt@example.com'") == 1);
        assertThat(sql.count("SELECT count(*) FROM pending_routes WHERE alert_id = 'prompt-1'")).isZero();
    }

    private static void sendAlert(String id, String acct, CoverageModel coverage) {
        service.send(service.topics.churnRiskAlerts(), acct, Records.alert(id, acct, AlertRule.INACTIVITY,
                Severity.IMMINENT, coverage).build());
    }
}
