package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.alert.delivery.WebhookSigner;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.SmtpCatcher.CaughtMail;
import io.healthscore.stack.junit.LocalStackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A scripted alert reaches exactly the receivers its playbook names, once, with the right content. */
@ExtendWith(LocalStackExtension.class)
class AlertDeliveryIT {

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "delivery_it", Map.of());
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aHighTouchAlertEmailsTheCsmPostsToSlackAndCallsTheSignedWebhook() {
        // Given a high-touch account owned by a CSM
        service.send(service.topics.accountProfiles(), "acct-ht", Records.profile("acct-ht", "Acme Corp",
                CoverageModel.HIGH_TOUCH, "csm-ht@example.com", "ops@acme.example", "en"));

        // When an IMMINENT level-down alert arrives
        service.send(service.topics.churnRiskAlerts(), "acct-ht", Records.alert("alert-ht-1", "acct-ht",
                AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH).build());

        // Then the CSM gets one email with the reasons, Slack one post, the CRM one signed webhook
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(service.mailTo("csm-ht@example.com")).hasSize(1);
            assertThat(slackPostsFor("acct-ht")).hasSize(1);
            assertThat(webhooksFor("alert-ht-1")).hasSize(1);
        });
        CaughtMail mail = service.mailTo("csm-ht@example.com").get(0);
        assertThat(mail.subject()).isEqualTo("[IMMINENT] Acme Corp: LEVEL_DOWN (score 35.5, LV1)");
        assertThat(mail.from()).containsExactly("alerts@healthscore.local");
        assertThat(mail.body()).contains("active users −45% vs 28-day baseline")
                .contains("no login by admins for 12 days").contains("/accounts/acct-ht/timeline");
        assertThat(mail.messageId()).matches("<[0-9a-f]{32}@alerts\\.healthscore\\.local>");

        HttpReceiver.Received slack = slackPostsFor("acct-ht").get(0);
        assertThat(slack.body()).contains("\"text\":").contains("Acme Corp").contains("35.5").contains("LV1")
                .contains("active users −45% vs 28-day baseline").contains("/accounts/acct-ht/timeline");

        HttpReceiver.Received hook = webhooksFor("alert-ht-1").get(0);
        assertThat(hook.header("Idempotency-Key")).isEqualTo("alert-ht-1:webhook:crm");
        assertThat(hook.header("X-Healthscore-Signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(WebhookSigner.verify(AlertServiceFixture.WEBHOOK_SECRET, hook.header("X-Healthscore-Signature"),
                hook.body())).isTrue();
        assertThat(WebhookSigner.verify("wrong-secret", hook.header("X-Healthscore-Signature"), hook.body())).isFalse();
        assertThat(hook.body()).contains("\"alertId\":\"alert-ht-1\"").contains("\"severity\":\"IMMINENT\"");

        // And nothing was sent to the customer
        assertThat(service.mailTo("ops@acme.example")).isEmpty();
        // And the alert and its three deliveries are stored, all delivered
        assertThat(sql.rows("SELECT status, playbook FROM alerts WHERE alert_id = 'alert-ht-1'"))
                .containsExactly(Map.of("status", "OPEN", "playbook", "high-touch"));
        assertThat(sql.rows("SELECT channel, status FROM deliveries WHERE alert_id = 'alert-ht-1' ORDER BY id"))
                .containsExactly(Map.of("channel", "CSM_EMAIL", "status", "DELIVERED"),
                        Map.of("channel", "SLACK", "status", "DELIVERED"),
                        Map.of("channel", "WEBHOOK", "status", "DELIVERED"));
    }

    @Test
    void aTechTouchAlertEmailsTheCustomerInJapaneseWhenTheContactSpeaksJapanese() {
        // Given tech-touch accounts with a Japanese and an English contact
        service.send(service.topics.accountProfiles(), "acct-ja", Records.profile("acct-ja", "山田商事",
                CoverageModel.TECH_TOUCH, "csm-tt@example.com", "taro@yamada.example", "ja-JP"));
        service.send(service.topics.accountProfiles(), "acct-en", Records.profile("acct-en", "Bloggs Ltd",
                CoverageModel.TECH_TOUCH, "csm-tt@example.com", "joe@bloggs.example", "en"));

        // When each gets an IMMINENT alert
        service.send(service.topics.churnRiskAlerts(), "acct-ja", Records.alert("alert-ja-1", "acct-ja",
                AlertRule.INACTIVITY, Severity.IMMINENT, CoverageModel.TECH_TOUCH).build());
        service.send(service.topics.churnRiskAlerts(), "acct-en", Records.alert("alert-en-1", "acct-en",
                AlertRule.INACTIVITY, Severity.IMMINENT, CoverageModel.TECH_TOUCH).build());

        // Then each contact gets one email in their language, Slack and the CRM hear of both, the CSM of neither
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(service.mailTo("taro@yamada.example")).hasSize(1);
            assertThat(service.mailTo("joe@bloggs.example")).hasSize(1);
            assertThat(webhooksFor("alert-ja-1")).hasSize(1);
            assertThat(webhooksFor("alert-en-1")).hasSize(1);
            assertThat(slackPostsFor("acct-ja")).hasSize(1);
            assertThat(slackPostsFor("acct-en")).hasSize(1);
        });
        CaughtMail ja = service.mailTo("taro@yamada.example").get(0);
        assertThat(ja.subject()).isEqualTo("山田商事 様：ご利用状況のご確認とサポートのご案内");
        // Without links.customer-url the customer gets no link: never the internal timeline
        assertThat(ja.body()).contains("カスタマーサクセスチーム").doesNotContain("/timeline", "{{link}}", "アカウント:");
        assertThat(ja.from()).containsExactly("success@healthscore.local");
        CaughtMail en = service.mailTo("joe@bloggs.example").get(0);
        assertThat(en.subject()).isEqualTo("Getting the most out of your subscription, Bloggs Ltd");
        assertThat(en.body()).contains("Customer Success team").doesNotContain("/timeline", "{{link}}");
        assertThat(service.mailTo("csm-tt@example.com")).isEmpty();
    }

    @Test
    void aReplayedAlertIsStoredOnceAndSentOnce() {
        // Given an alert that was delivered
        service.send(service.topics.accountProfiles(), "acct-rp", Records.profile("acct-rp", "Replay Inc",
                CoverageModel.HIGH_TOUCH, "csm-rp@example.com", null, null));
        var alert = Records.alert("alert-rp-1", "acct-rp", AlertRule.SCORE_DROP, Severity.SUSPECTED,
                CoverageModel.HIGH_TOUCH).build();
        service.send(service.topics.churnRiskAlerts(), "acct-rp", alert);
        await().atMost(Duration.ofSeconds(30)).until(() -> webhooksFor("alert-rp-1").size() == 1);

        // When the same record arrives again, followed by a marker alert on the same partition
        service.send(service.topics.churnRiskAlerts(), "acct-rp", alert);
        service.send(service.topics.churnRiskAlerts(), "acct-rp", Records.alert("alert-rp-marker", "acct-rp",
                AlertRule.PAYMENT_FAILED, Severity.SUSPECTED, CoverageModel.HIGH_TOUCH).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> webhooksFor("alert-rp-marker").size() == 1);

        // Then the first alert is stored once and each receiver got it once
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE alert_id = 'alert-rp-1'")).isEqualTo(1);
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE alert_id = 'alert-rp-1'")).isEqualTo(3);
        assertThat(webhooksFor("alert-rp-1")).hasSize(1);
        assertThat(service.mailTo("csm-rp@example.com")).hasSize(2); // the alert and the marker, once each
    }

    private static List<HttpReceiver.Received> slackPostsFor(String accountId) {
        return service.receiver.accepted("/slack").stream().filter(r -> r.body().contains("(" + accountId + ")")).toList();
    }

    private static List<HttpReceiver.Received> webhooksFor(String alertId) {
        return service.receiver.accepted("/crm").stream()
                .filter(r -> r.body().contains("\"alertId\":\"" + alertId + "\"")).toList();
    }
}
