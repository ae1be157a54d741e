package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.alert.digest.DigestJob;
import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.SmtpCatcher.CaughtMail;
import io.healthscore.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** With digests on, SUSPECTED alerts reach the CSM once a day in a digest with the renewals at risk. */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DigestIT {

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "digest_it", Map.of("noise.suspected-by-digest", "true",
                "digest.max-alerts", "3", "digest.max-renewals", "3"));
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1) // counts every digest queued for its day, so it runs before the test below adds a CSM
    void suspectedAlertsWaitForTheDigestWhichAlsoListsRenewalsAtRiskAndIsSentOncePerDay() {
        String csm = "csm-digest@example.com";
        // Given a SUSPECTED and an IMMINENT alert for one CSM's account
        service.send(service.topics.accountProfiles(), "acct-d1", Records.profile("acct-d1", "Digest One",
                CoverageModel.LOW_TOUCH, csm, null, null));
        service.send(service.topics.churnRiskAlerts(), "acct-d1", Records.alert("d-suspected", "acct-d1",
                AlertRule.PAYMENT_FAILED, Severity.SUSPECTED, CoverageModel.LOW_TOUCH).build());
        service.send(service.topics.churnRiskAlerts(), "acct-d1", Records.alert("d-imminent", "acct-d1",
                AlertRule.INACTIVITY, Severity.IMMINENT, CoverageModel.LOW_TOUCH).build());
        // (acct-d1 renews 2026-05-01 and its latest known level is the alerts' LV1: at risk too)
        // And accounts renewing in 60 days at LV1 (at risk), at LV3 (fine), and in 200 days at LV1 (too far)
        renewingAccount("acct-r-risk", "Renews Soon", csm, LocalDate.of(2026, 5, 1), 30.0);
        renewingAccount("acct-r-fine", "Renews Fine", csm, LocalDate.of(2026, 5, 1), 85.0);
        renewingAccount("acct-r-far", "Renews Late", csm, LocalDate.of(2026, 9, 18), 30.0);
        // (profiles and alerts are read in no fixed order: an alert read first takes the CSM its profile names)
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM health_scores") == 3
                        && sql.count("SELECT count(*) FROM deliveries WHERE status = 'DELIVERED'") == 3
                        && sql.count("SELECT count(*) FROM alerts WHERE account_id = 'acct-d1' AND csm_owner = ?", csm) == 2);

        // Then only the IMMINENT alert was emailed on its own (the SUSPECTED one went to the webhook only)
        assertThat(service.mailTo(csm)).extracting(CaughtMail::subject)
                .containsExactly("[IMMINENT] Digest One: INACTIVITY (score 35.5, LV1)");

        // When the digest runs for 2026-03-02, twice
        DigestJob digest = service.context().getBean(DigestJob.class);
        assertThat(digest.composeFor(LocalDate.of(2026, 3, 2))).isEqualTo(1);
        assertThat(digest.composeFor(LocalDate.of(2026, 3, 2))).isZero();

        // Then the CSM gets one digest with both open alerts and only the renewals at risk
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo(csm).size() == 2);
        CaughtMail mail = service.mailTo(csm).stream().filter(m -> m.subject().startsWith("Daily digest"))
                .findFirst().orElseThrow();
        assertThat(mail.subject()).isEqualTo("Daily digest 2026-03-02: 2 open alerts, 2 renewals at risk");
        assertThat(mail.body()).contains("SUSPECTED PAYMENT_FAILED for acct-d1").contains("IMMINENT INACTIVITY for acct-d1")
                .contains("2026-05-01 Renews Soon (acct-r-risk), level LV1")
                .contains("2026-05-01 Digest One (acct-d1), level LV1")
                .doesNotContain("acct-r-fine").doesNotContain("acct-r-far");
    }

    @Test
    @Order(2)
    void aDigestListsAtMostTheConfiguredNumberOfAlertsAndRenewalsAndSaysHowManyMore() {
        String csm = "csm-busy@example.com";
        // Given a CSM with five open alerts (one IMMINENT) and four renewals at risk, with at most three listed
        for (int i = 1; i <= 5; i++) {
            service.send(service.topics.churnRiskAlerts(), "acct-busy-" + i, Records.alert("busy-" + i, "acct-busy-" + i,
                    AlertRule.PAYMENT_FAILED, i == 5 ? Severity.IMMINENT : Severity.SUSPECTED, CoverageModel.LOW_TOUCH)
                    .setCsmOwnerEmail(csm).setRaisedAt(Records.T0.plusSeconds(i)).build());
        }
        for (int i = 1; i <= 4; i++) {
            renewingAccount("acct-renew-" + i, "Renewal " + i, csm, LocalDate.of(2026, 4, i), 30.0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM alerts WHERE csm_owner = ?", csm) == 5
                        && sql.count("SELECT count(*) FROM health_scores WHERE account_id LIKE 'acct-renew-%'") == 4
                        && sql.count("SELECT count(*) FROM account_profiles WHERE account_id LIKE 'acct-renew-%'") == 4);

        // When the digest runs
        service.context().getBean(DigestJob.class).composeFor(LocalDate.of(2026, 3, 3));

        // Then its subject counts everything, and its body lists the most urgent three of each and the rest as a number
        List<Map<String, Object>> digest = sql.rows("SELECT subject, body FROM deliveries WHERE idempotency_key = ?",
                "digest:" + csm + ":2026-03-03");
        assertThat(digest).hasSize(1);
        assertThat(digest.get(0).get("subject")).isEqualTo("Daily digest 2026-03-03: 5 open alerts, 4 renewals at risk");
        String body = (String) digest.get(0).get("body");
        assertThat(body).contains("Open alerts (5):\n- IMMINENT PAYMENT_FAILED for acct-busy-5")
                .contains("for acct-busy-4").contains("for acct-busy-3")
                .doesNotContain("for acct-busy-2").doesNotContain("for acct-busy-1").contains("- and 2 more\n")
                .contains("2026-04-01 Renewal 1").contains("2026-04-03 Renewal 3").doesNotContain("Renewal 4")
                .contains("- and 1 more\n");
    }

    private static void renewingAccount(String acct, String name, String csm, LocalDate renewal, double score) {
        AccountProfile profile = Records.profile(acct, name, CoverageModel.LOW_TOUCH, csm, null, null);
        profile.setRenewalDate(renewal);
        service.send(service.topics.accountProfiles(), acct, profile);
        var s = Records.score(acct, score, Records.T0);
        s.setLevel(score < 40 ? io.healthscore.avro.HealthLevel.LV1 : io.healthscore.avro.HealthLevel.LV4);
        service.send(service.topics.healthScores(), acct, s);
    }
}
