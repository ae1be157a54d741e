package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.alert.digest.DigestJob;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.SmtpCatcher.CaughtMail;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a hostile account profile can make the service mail, as an attacker holding only a product write key would
 * try it: a new account whose contact is a victim's (or a domain literal, or a quoted local part), whose name is
 * phishing text with line breaks, whose CSM owner is the attacker's, with alerts to trigger mail. The service runs
 * with an allow-list for CSM domains, a fallback CSM, a customer-facing link and the default send limits (5
 * customer emails per recipient and 3 per account within 24 hours); Slack is a stand-in that refuses what Slack
 * refuses.
 */
@ExtendWith(LocalStackExtension.class)
class MailSafetyIT {

    private static final String FALLBACK = "fallback@csm.example";
    private static final String CSM = "csm@csm.example";
    private static final String CUSTOMER_URL = "https://app.example.com/accounts/{accountId}";
    private static final String PHISHING_START = "Your account is suspended\r\nBcc: all@victim.example\u2028"
            + "\u202Enigol\u202C\r\n\tVerify at https://evil.example/login ";
    private static final String PHISHING = PHISHING_START + "x".repeat(4096 - PHISHING_START.length());
    /** The name as it may appear in a message: one line, 99 characters and an ellipsis. */
    private static final String PHISHING_SHOWN = ("Your account is suspended Bcc: all@victim.example nigol Verify at "
            + "https://evil.example/login " + "x".repeat(100)).substring(0, 99) + "…";

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "mail_safety_it", Map.of(
                "mail.csm-allowed-domains", List.of("csm.example"),
                "mail.fallback-csm", FALLBACK,
                "links.customer-url", CUSTOMER_URL));
        service.receiver.answer("/slack", SlackLimits::statusFor);
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aContactGivenAsADomainLiteralOrAQuotedLocalPartIsNeverStoredNorMailed() {
        // Given profiles written past ingest whose contacts are a domain literal and a quoted local part
        service.send(service.topics.accountProfiles(), "acct-literal", Records.profile("acct-literal", PHISHING,
                CoverageModel.TECH_TOUCH, CSM, "x@[10.0.0.5]", "en"));
        service.send(service.topics.accountProfiles(), "acct-quoted", Records.profile("acct-quoted", PHISHING,
                CoverageModel.TECH_TOUCH, CSM, "\"victim list\"@victim.example", "en"));

        // Then the intake refuses both profiles to the dead-letter topic with the reason, storing nothing of them
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetteredProfiles("acct-literal", "acct-quoted") == 2);
        assertThat(sql.count("SELECT count(*) FROM account_profiles WHERE account_id IN ('acct-literal', 'acct-quoted')"))
                .isZero();

        // When each gets an IMMINENT alert
        alert("literal-1", "acct-literal", AlertRule.INACTIVITY, CoverageModel.TECH_TOUCH);
        alert("quoted-1", "acct-quoted", AlertRule.INACTIVITY, CoverageModel.TECH_TOUCH);

        // Then the customer emails are stored SKIPPED for want of a contact (once the wait for a profile is over), the
        // rest of the playbook goes out
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE alert_id "
                + "IN ('literal-1', 'quoted-1') AND status = 'DELIVERED'") == 4
                && sql.count("SELECT count(*) FROM deliveries WHERE alert_id IN ('literal-1', 'quoted-1') "
                + "AND channel = 'CUSTOMER_EMAIL'") == 2);
        assertThat(customerEmail("literal-1")).containsEntry("status", "SKIPPED")
                .containsEntry("last_error", "no contact email on the account profile (no profile arrived within PT3S)");
        assertThat(customerEmail("quoted-1")).containsEntry("status", "SKIPPED");
        // And no message went to either address
        assertThat(service.stack.smtp().messages()).noneMatch(m -> m.to().stream()
                .anyMatch(to -> to.contains("10.0.0.5") || to.contains("victim list")));
    }

    private static long deadLetteredProfiles(String... accounts) {
        List<String> wanted = List.of(accounts);
        return TopicReader.readAll(service.stack.kafka().bootstrapServers(),
                        service.topics.dlqOf(service.topics.accountProfiles()).name()).stream()
                .filter(r -> r.key() != null && wanted.contains(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)))
                .count();
    }

    @Test
    void aCsmOwnerOutsideTheAllowedDomainsIsNotMailedAndTheAlertGoesToTheFallbackCsmWithTheReason() {
        // Given a high-touch account whose CSM owner is outside csm.example and whose name is phishing text
        profile("acct-foreign", PHISHING, CoverageModel.HIGH_TOUCH, "owner@attacker.example", null);

        // When an IMMINENT alert arrives
        alert("foreign-1", "acct-foreign", AlertRule.LEVEL_DOWN, CoverageModel.HIGH_TOUCH);

        // Then the fallback CSM gets the alert and the owner nothing
        await().atMost(Duration.ofSeconds(30)).until(() -> mailFor(FALLBACK, "foreign-1").size() == 1);
        assertThat(service.mailTo("owner@attacker.example")).isEmpty();
        // And the refusal is stored next to the email that went to the fallback
        assertThat(sql.rows("SELECT target, status, last_error FROM deliveries WHERE alert_id = 'foreign-1' "
                + "AND channel = 'CSM_EMAIL' ORDER BY id")).containsExactly(
                Map.of("target", "-", "status", "SKIPPED", "last_error", "CSM owner's domain attacker.example is "
                        + "not in mail.csm-allowed-domains; the alert went to mail.fallback-csm"),
                row("target", FALLBACK, "status", "DELIVERED", "last_error", null));
    }

    @Test
    void anEscalationForACsmOwnerOutsideTheAllowedDomainsGoesToTheFallbackCsmWithTheReason() {
        // Given a tech-touch account owned outside csm.example whose contact got the follow-up email
        profile("acct-esc", "Escalate KK", CoverageModel.TECH_TOUCH, "owner@attacker.example", "contact@esc.example");
        service.send(service.topics.churnRiskAlerts(), "acct-esc", Records.alert("esc-1", "acct-esc",
                AlertRule.INACTIVITY, Severity.SUSPECTED, CoverageModel.TECH_TOUCH).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE alert_id = "
                + "'esc-1' AND channel = 'CUSTOMER_EMAIL' AND status = 'DELIVERED'") == 1);

        // When the score falls below the alert's
        service.send(service.topics.healthScores(), "acct-esc", Records.score("acct-esc", 20.0,
                Records.T0.plus(Duration.ofDays(1))));

        // Then the fallback CSM gets the escalation, the owner nothing, and the refusal is stored beside it
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo(FALLBACK).stream().anyMatch(m ->
                m.subject().equals("[ESCALATION] Escalate KK: tech-touch follow-up did not help")));
        assertThat(service.mailTo("owner@attacker.example")).isEmpty();
        assertThat(sql.rows("SELECT idempotency_key, status, last_error FROM deliveries WHERE idempotency_key LIKE "
                + "'escalation:esc-1:%' ORDER BY id")).containsExactly(
                Map.of("idempotency_key", "escalation:esc-1:csm-email:-", "status", "SKIPPED", "last_error",
                        "CSM owner's domain attacker.example is not in mail.csm-allowed-domains; the alert went to "
                                + "mail.fallback-csm"),
                row("idempotency_key", "escalation:esc-1:csm-email:" + FALLBACK, "status", "DELIVERED",
                        "last_error", null));
    }

    @Test
    void thePhishingNameInTheCsmEmailIsOneLineAndCapped() {
        // Given a high-touch account whose name is 4,096 characters of phishing text with CR, LF, tab, a line
        // separator and a right-to-left override
        profile("acct-phish", PHISHING, CoverageModel.HIGH_TOUCH, CSM, null);

        // When an alert for it reaches its CSM
        alert("phish-1", "acct-phish", AlertRule.LEVEL_DOWN, CoverageModel.HIGH_TOUCH);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailFor(CSM, "phish-1").size() == 1);

        // Then subject and body show the name on one line, cut at 100 characters
        CaughtMail mail = mailFor(CSM, "phish-1").get(0);
        assertThat(mail.subject()).isEqualTo("[IMMINENT] " + PHISHING_SHOWN + ": LEVEL_DOWN (score 35.5, LV1)");
        assertThat(mail.body().lines()).contains("Churn risk IMMINENT for " + PHISHING_SHOWN + " (acct-phish)");
        assertThat(mail.body().lines()).noneMatch(line -> line.startsWith("Bcc:") || line.startsWith("Verify at"))
                .allMatch(line -> line.length() <= 200);
        assertThat(mail.body()).doesNotContain("\u202E", "\u2028", "\t");
    }

    @Test
    void thePerRecipientLimitStopsTheSixthCustomerEmailToOneAddressAcrossManyAccounts() {
        // Given seven new tech-touch accounts that all name the victim as their contact
        String victim = "victim@victim.example";
        List<String> accounts = IntStream.rangeClosed(1, 7).mapToObj(i -> "acct-victim-" + i).toList();
        accounts.forEach(a -> profile(a, "Victim " + a, CoverageModel.TECH_TOUCH, CSM, victim));
        double before = limited("recipient");

        // When each gets an IMMINENT alert
        accounts.forEach(a -> alert("victim-" + a, a, AlertRule.INACTIVITY, CoverageModel.TECH_TOUCH));

        // Then five emails reach the victim and the other two are stored SKIPPED naming the limit
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE channel = "
                + "'CUSTOMER_EMAIL' AND account_id LIKE 'acct-victim-%' AND status IN ('DELIVERED', 'SKIPPED')") == 7);
        assertThat(service.mailTo(victim)).hasSize(5);
        assertThat(sql.rows("SELECT status, last_error FROM deliveries WHERE channel = 'CUSTOMER_EMAIL' "
                + "AND account_id LIKE 'acct-victim-%' AND status = 'SKIPPED'")).hasSize(2).allSatisfy(r ->
                assertThat((String) r.get("last_error")).isEqualTo("customer-email limit: 5 already queued for this "
                        + "recipient within PT24H (mail.customer-limits.per-recipient)"));
        assertThat(limited("recipient") - before).isEqualTo(2.0);
    }

    @Test
    void thePerRecipientLimitCountsTheOutboxSoItHoldsAcrossARestart() {
        // Given five customer emails sent to one address
        String victim = "restart@victim.example";
        for (int i = 1; i <= 5; i++) {
            profile("acct-restart-" + i, "Restart " + i, CoverageModel.TECH_TOUCH, CSM, victim);
            alert("restart-" + i, "acct-restart-" + i, AlertRule.INACTIVITY, CoverageModel.TECH_TOUCH);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo(victim).size() == 5);

        // When the service restarts and a sixth account's alert arrives
        service.stopService();
        service.startService();
        profile("acct-restart-6", "Restart 6", CoverageModel.TECH_TOUCH, CSM, victim);
        alert("restart-6", "acct-restart-6", AlertRule.INACTIVITY, CoverageModel.TECH_TOUCH);

        // Then its email is stored SKIPPED and not sent
        await().atMost(Duration.ofSeconds(30)).until(() -> !sql.rows("SELECT 1 FROM deliveries WHERE alert_id = "
                + "'restart-6' AND channel = 'SLACK' AND status = 'DELIVERED'").isEmpty());
        assertThat(customerEmail("restart-6")).containsEntry("status", "SKIPPED");
        assertThat(service.mailTo(victim)).hasSize(5);
    }

    @Test
    void twoInstancesWritingAtOnceStillQueueNoMoreThanTheLimitForOneRecipient() throws Exception {
        // Given one writer (as one instance would) that has queued five emails to an address, not yet committed
        DeliveryRepository deliveries = service.context().getBean(DeliveryRepository.class);
        DataSource dataSource = service.context().getBean(DataSource.class);
        String victim = "twin@victim.example";
        Instant now = Instant.now();
        try (Connection first = dataSource.getConnection()) {
            first.setAutoCommit(false);
            for (int i = 1; i <= 5; i++) {
                deliveries.insert(first, customerRow("twin-" + i, victim), now);
            }

            // When a second writer queues a sixth meanwhile
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
                try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(false);
                    boolean inserted = deliveries.insert(c, customerRow("twin-6", victim), now);
                    c.commit();
                    return inserted;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // Then the second waits for the first to commit
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !second.isDone());
            first.commit();
            assertThat(second.get()).isTrue();
        }
        // And counts its rows: the sixth is stored SKIPPED
        assertThat(sql.rows("SELECT status FROM deliveries WHERE idempotency_key = 'twin-6'"))
                .containsExactly(Map.of("status", "SKIPPED"));
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE target = ? AND status <> 'SKIPPED'", victim))
                .isEqualTo(5);
    }

    @Test
    void thePerAccountLimitStopsTheFourthCustomerEmailOfOneAccount() {
        // Given a tech-touch account
        profile("acct-busy", "Busy KK", CoverageModel.TECH_TOUCH, CSM, "owner@busy.example");
        double before = limited("account");

        // When four IMMINENT alerts of different rules arrive within a day
        List<AlertRule> rules = List.of(AlertRule.INACTIVITY, AlertRule.SCORE_DROP, AlertRule.PAYMENT_FAILED,
                AlertRule.LEVEL_DOWN);
        for (int i = 0; i < rules.size(); i++) {
            service.send(service.topics.churnRiskAlerts(), "acct-busy", Records.alert("busy-" + i, "acct-busy",
                    rules.get(i), Severity.IMMINENT, CoverageModel.TECH_TOUCH)
                    .setRaisedAt(Records.T0.plus(Duration.ofHours(i))).build());
        }

        // Then three emails reach the contact and the fourth is stored SKIPPED naming the limit
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE alert_id "
                + "LIKE 'busy-%' AND channel = 'CUSTOMER_EMAIL' AND status IN ('DELIVERED', 'SKIPPED')") == 4);
        assertThat(service.mailTo("owner@busy.example")).hasSize(3);
        assertThat(customerEmail("busy-3")).containsEntry("status", "SKIPPED").containsEntry("last_error",
                "customer-email limit: 3 already queued for this account within PT24H "
                        + "(mail.customer-limits.per-account)");
        assertThat(limited("account") - before).isEqualTo(1.0);
    }

    @Test
    void customerEmailsLinkToTheCustomerUrlAndNeverToTheInternalTimeline() {
        // Given a tech-touch account
        profile("acct-link", "Link GK", CoverageModel.TECH_TOUCH, CSM, "contact@link.example");

        // When it gets an IMMINENT alert
        alert("link-1", "acct-link", AlertRule.INACTIVITY, CoverageModel.TECH_TOUCH);

        // Then the customer's email links to the customer-facing URL
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("contact@link.example").size() == 1);
        assertThat(service.mailTo("contact@link.example").get(0).body())
                .contains("https://app.example.com/accounts/acct-link").doesNotContain("/timeline");
        // And no customer email in the outbox carries the internal timeline link
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE channel = 'CUSTOMER_EMAIL' "
                + "AND body LIKE '%/timeline%'")).isZero();
    }

    @Test
    void theLongestNameAndReasonsTheIntakeAcceptsStillPostToSlackWithinItsLimits() {
        // Given a high-touch account named with 4,096 characters (ingest's cap) that Slack escapes
        profile("acct-slack", "&<b>".repeat(1024), CoverageModel.HIGH_TOUCH, CSM, null);

        // When an alert with a hundred 2,000-character reasons (the intake's caps) arrives
        List<String> reasons = Collections.nCopies(100, "&<" + "r".repeat(1998));
        service.send(service.topics.churnRiskAlerts(), "acct-slack", Records.alert("slack-1", "acct-slack",
                AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH).setReasons(reasons).build());

        // Then the Slack stand-in accepts the post and the delivery is DELIVERED, not DEAD
        await().atMost(Duration.ofSeconds(30)).until(() -> !sql.rows("SELECT 1 FROM deliveries WHERE alert_id = "
                + "'slack-1' AND channel = 'SLACK' AND status IN ('DELIVERED', 'DEAD')").isEmpty());
        assertThat(sql.rows("SELECT status FROM deliveries WHERE alert_id = 'slack-1' AND channel = 'SLACK'"))
                .containsExactly(Map.of("status", "DELIVERED"));
        List<HttpReceiver.Received> posts = service.receiver.received("/slack").stream()
                .filter(r -> r.body().contains("(acct-slack)")).toList();
        assertThat(posts).hasSize(1);
        assertThat(SlackLimits.violations(posts.get(0).body())).isEmpty();
    }

    @Test
    void aDigestForAForeignCsmIsStoredSkippedWithTheReasonAndNotSent() {
        // Given an open alert whose CSM owner is outside csm.example (an invalid owner never gets stored: the intake
        // dead-letters its profile, as the contact test shows)
        profile("acct-dg-foreign", "Digest Foreign", CoverageModel.LOW_TOUCH, "owner@attacker.example", null);
        alert("dg-foreign-1", "acct-dg-foreign", AlertRule.PAYMENT_FAILED, CoverageModel.LOW_TOUCH);
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM alerts WHERE alert_id "
                + "IN ('dg-foreign-1')") == 1);

        // When the daily digest runs
        service.context().getBean(DigestJob.class).composeFor(LocalDate.of(2026, 3, 2));

        // Then the owner's digest is not sent, and says why
        assertThat(sql.rows("SELECT status, last_error FROM deliveries WHERE idempotency_key = ?",
                "digest:owner@attacker.example:2026-03-02")).containsExactly(Map.of("status", "SKIPPED",
                "last_error", "recipient's domain attacker.example is not in mail.csm-allowed-domains"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE "
                + "idempotency_key LIKE 'digest:%' AND status IN ('PENDING', 'IN_FLIGHT')") == 0);
        assertThat(service.mailTo("owner@attacker.example")).isEmpty();
    }

    private static void profile(String acct, String name, CoverageModel coverage, String csm, String contact) {
        service.send(service.topics.accountProfiles(), acct, Records.profile(acct, name, coverage, csm, contact, "en"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = ?", acct) == 1);
    }

    private static void alert(String alertId, String acct, AlertRule rule, CoverageModel coverage) {
        ChurnRiskAlert alert = Records.alert(alertId, acct, rule, Severity.IMMINENT, coverage).build();
        service.send(service.topics.churnRiskAlerts(), acct, alert);
    }

    private static Map<String, Object> customerEmail(String alertId) {
        List<Map<String, Object>> rows = sql.rows("SELECT target, status, last_error FROM deliveries WHERE alert_id = ? "
                + "AND channel = 'CUSTOMER_EMAIL'", alertId);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static List<CaughtMail> mailFor(String to, String alertId) {
        return service.mailTo(to).stream().filter(m -> m.body().lines().anyMatch(line -> line.equals("Alert id: " + alertId))).toList();
    }

    private static NewDelivery customerRow(String key, String to) {
        return new NewDelivery(key, null, "acct-" + key, Channel.CUSTOMER_EMAIL, to, "Hello", "Hello\n",
                DeliveryStatus.PENDING, null);
    }

    private static double limited(String limit) {
        var counter = service.context().getBean(MeterRegistry.class).find("healthscore.customer.emails.limited")
                .tag("limit", limit).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A row with nulls, which Map.of refuses. */
    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
