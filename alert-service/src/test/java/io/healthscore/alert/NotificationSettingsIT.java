package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.alert.digest.DigestJob;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.SmtpCatcher.CaughtMail;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each console user's own notification settings decide how a playbook's notice to the CSM reaches them: at once or
 * only in the daily digest (which then lists what was held), by e-mail and/or their own Slack webhook, and for a lead
 * who chose it, their team's accounts too. The rest of the playbook (the team Slack channel, the CRM webhook) is
 * untouched. The settings form refuses what a person may not choose and webhooks outside the allowed prefixes.
 */
@ExtendWith(LocalStackExtension.class)
class NotificationSettingsIT {

    private static final String LEE = "lee@example.com";
    private static final String CY = "cy@example.com";

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "notification_settings_it", ConsoleData.settings());
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aCsmWhoChoseTheDigestGetsNoEmailAtOnceAndTheDigestListsWhatWasHeld() {
        // Given Bo chose the daily digest
        ConsoleClient bo = signedIn(ConsoleData.BO);
        assertThat(save(bo, Map.of("notify-when", "digest", "notify-email", "on")).statusCode()).isEqualTo(303);

        // When an IMMINENT alert of Bo's high-touch account arrives
        alertFor("acct-bo-digest", "Digest Bakery", ConsoleData.BO, "n-bo-1");

        // Then the CSM notice is held for the digest, while the playbook's team Slack post and CRM webhook go out
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE "
                + "alert_id = 'n-bo-1' AND status = 'DELIVERED'") == 2);
        assertThat(sql.rows("SELECT status, last_error FROM deliveries WHERE alert_id = 'n-bo-1' "
                + "AND channel = 'CSM_EMAIL'")).singleElement().satisfies(r -> {
                    assertThat(r.get("status")).isEqualTo("SKIPPED");
                    assertThat((String) r.get("last_error")).startsWith("held for the daily digest of bo@example.com");
                });
        assertThat(service.mailTo(ConsoleData.BO)).isEmpty();

        // When the digest runs
        service.context().getBean(DigestJob.class).composeFor(LocalDate.of(2026, 12, 4));

        // Then Bo's digest lists the open alert and the notice held for it
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo(ConsoleData.BO).size() == 1);
        CaughtMail digest = service.mailTo(ConsoleData.BO).get(0);
        assertThat(digest.subject()).startsWith("Daily digest 2026-12-04: ").endsWith(", 1 notices");
        assertThat(digest.body()).contains("IMMINENT LEVEL_DOWN for acct-bo-digest")
                .contains("Notices held for this digest (1):")
                .contains("[IMMINENT] Digest Bakery: LEVEL_DOWN (score 35.5, LV1)");
        assertThat(sql.rows("SELECT last_error FROM deliveries WHERE alert_id = 'n-bo-1' AND channel = 'CSM_EMAIL'"))
                .singleElement().satisfies(r -> assertThat((String) r.get("last_error"))
                        .startsWith("listed in digest:bo@example.com:2026-12-04 (held for the daily digest"));

        // And the next day's digest lists the alert, still open, but not the notice again
        service.context().getBean(DigestJob.class).composeFor(LocalDate.of(2026, 12, 5));
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo(ConsoleData.BO).size() == 2);
        CaughtMail next = service.mailTo(ConsoleData.BO).stream()
                .filter(m -> m.subject().startsWith("Daily digest 2026-12-05")).findFirst().orElseThrow();
        assertThat(next.body()).contains("IMMINENT LEVEL_DOWN for acct-bo-digest").doesNotContain("Notices held");
    }

    @Test
    void aCsmWithEmailOffAndSlackOnGetsTheNoticeInTheirOwnSlackOnly() {
        // Given Cy turned e-mail off and Slack on, with their own webhook
        ConsoleClient cy = signedIn(CY);
        String webhook = service.receiver.url("/hooks/T000/B000/cy-secret-9f3k");
        assertThat(save(cy, Map.of("notify-when", "immediate", "notify-slack", "on", "slack-webhook", webhook))
                .statusCode()).isEqualTo(303);
        // (the page shows the webhook masked, never in full)
        String page = cy.get("/console/settings").body();
        assertThat(page).contains("id=\"slack-webhook-saved\"").contains("…9f3k").doesNotContain("cy-secret");

        // When an alert of Cy's account arrives
        alertFor("acct-cy-slack", "Slack Works Inc", CY, "n-cy-1");

        // Then Cy's own webhook gets the notice, and no e-mail is sent (the outbox says why)
        await().atMost(Duration.ofSeconds(30)).until(() ->
                service.receiver.accepted("/hooks/T000/B000/cy-secret-9f3k").size() == 1);
        HttpReceiver.Received post = service.receiver.accepted("/hooks/T000/B000/cy-secret-9f3k").get(0);
        assertThat(post.body()).contains("\"blocks\"").contains("Slack Works Inc").contains("LEVEL_DOWN")
                .contains("/accounts/acct-cy-slack/timeline");
        assertThat(post.header("Idempotency-Key")).isEqualTo("n-cy-1:csm-email:cy@example.com|slack");
        assertThat(sql.rows("SELECT target, status, last_error FROM deliveries WHERE alert_id = 'n-cy-1' "
                + "AND channel = 'CSM_EMAIL'")).singleElement().satisfies(r -> {
                    assertThat(r.get("status")).isEqualTo("SKIPPED");
                    assertThat((String) r.get("last_error")).startsWith("e-mail turned off by cy@example.com");
                });
        assertThat(sql.rows("SELECT target FROM deliveries WHERE alert_id = 'n-cy-1' AND channel = 'SLACK'"))
                .extracting(r -> r.get("target")).containsExactlyInAnyOrder("team", "person:cy@example.com");
        assertThat(service.mailTo(CY)).isEmpty();

        // When Cy forgets the webhook, Slack is off and the webhook is gone from the database
        assertThat(save(cy, Map.of("notify-when", "immediate", "notify-email", "on", "notify-slack", "on",
                "slack-forget", "on")).statusCode()).isEqualTo(303);
        assertThat(sql.rows("SELECT notify_slack, slack_webhook, notify_email FROM console_user_settings "
                + "WHERE email = ?", CY)).singleElement().satisfies(r -> {
                    assertThat(r.get("notify_slack")).isEqualTo(false);
                    assertThat(r.get("slack_webhook")).isNull();
                    assertThat(r.get("notify_email")).isEqualTo(true);
                });
    }

    @Test
    void aLeadWhoChoseTheirTeamHearsOfTheTeamsAccountsAtOnceAndACsmCannotChooseIt() {
        // Given Lee (who leads Ana) chose the team's notices at once, by e-mail
        ConsoleClient lee = signedIn(LEE);
        assertThat(lee.get("/console/settings").body()).contains("id=\"notify-reach-team\"");
        assertThat(save(lee, Map.of("notify-when", "immediate", "notify-email", "on", "notify-reach", "team"))
                .statusCode()).isEqualTo(303);

        // When an alert of Ana's account arrives
        alertFor("acct-ana-team", "Team Account KK", ConsoleData.ANA, "n-ana-1");

        // Then both Ana and Lee get the e-mail
        await().atMost(Duration.ofSeconds(30)).until(() ->
                service.mailTo(ConsoleData.ANA).stream().anyMatch(m -> m.subject().contains("Team Account KK"))
                        && service.mailTo(LEE).stream().anyMatch(m -> m.subject().contains("Team Account KK")));
        assertThat(sql.rows("SELECT idempotency_key FROM deliveries WHERE alert_id = 'n-ana-1' "
                + "AND channel = 'CSM_EMAIL'")).extracting(r -> r.get("idempotency_key")).containsExactlyInAnyOrder(
                        "n-ana-1:csm-email:ana@example.com", "n-ana-1:csm-email:ana@example.com|lead:lee@example.com");

        // And a CSM (no team) may not choose the team's notices: the page offers none and the form is refused
        ConsoleClient ana = signedIn(ConsoleData.ANA);
        assertThat(ana.get("/console/settings").body()).doesNotContain("notify-reach");
        HttpResponse<String> refused = save(ana, Map.of("notify-when", "immediate", "notify-email", "on",
                "notify-reach", "team"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Only a lead with a team can choose the team");

        // When Lee changes to his team's notices in the digest, a team member's next notice is held for him
        assertThat(save(lee, Map.of("notify-when", "digest", "notify-email", "on", "notify-reach", "team"))
                .statusCode()).isEqualTo(303);
        alertFor("acct-ana-team-2", "Second Team KK", ConsoleData.ANA, "n-ana-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE "
                + "idempotency_key = 'n-ana-2:csm-email:ana@example.com|lead:lee@example.com' AND status = 'SKIPPED' "
                + "AND last_error LIKE 'held for the daily digest of lee@example.com%'") == 1);
        assertThat(service.mailTo(LEE)).noneMatch(m -> m.subject().contains("Second Team KK"));
        // and his digest lists it with his team's open alerts
        service.context().getBean(DigestJob.class).composeFor(LocalDate.of(2026, 12, 6));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                service.mailTo(LEE).stream().anyMatch(m -> m.subject().startsWith("Daily digest 2026-12-06")));
        assertThat(service.mailTo(LEE).stream().filter(m -> m.subject().startsWith("Daily digest 2026-12-06"))
                .findFirst().orElseThrow().body()).contains("for acct-ana-team-2")
                .contains("Notices held for this digest (1):").contains("Second Team KK");
    }

    @Test
    void hostileOrMalformedSettingsAreRefusedAndNothingIsSaved() {
        ConsoleClient olga = signedIn("olga@example.com");
        String longHook = service.receiver.url("/hooks/") + "x".repeat(600);
        Map<String, Map<String, String>> refused = new LinkedHashMap<>();
        refused.put("a look-alike host", slack("https://hooks.slack.com.evil.example/services/T/B/x"));
        refused.put("user info before the host", slack(service.receiver.url("/hooks/").replace("http://", "http://a@")));
        refused.put("dot segments out of the prefix", slack(service.receiver.url("/hooks/../admin")));
        refused.put("a script URL", slack("javascript:alert(1)"));
        refused.put("an over-long webhook", slack(longHook));
        refused.put("a line break", slack(service.receiver.url("/hooks/a") + "\r\nHost: evil"));
        refused.put("Slack without a webhook", Map.of("notify-when", "immediate", "notify-slack", "on"));
        refused.put("an unknown time", Map.of("notify-when", "hourly", "notify-email", "on"));
        refused.put("an unknown reach", Map.of("notify-when", "immediate", "notify-reach", "everyone"));
        for (Map.Entry<String, Map<String, String>> e : refused.entrySet()) {
            HttpResponse<String> r = save(olga, e.getValue());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(r.body()).as(e.getKey()).contains("<title>").doesNotContain("Exception");
        }
        assertThat(sql.count("SELECT count(*) FROM console_user_settings WHERE email = 'olga@example.com'")).isZero();
        assertThat(service.receiver.received("/admin")).isEmpty();
    }

    private static Map<String, String> slack(String webhook) {
        return Map.of("notify-when", "immediate", "notify-slack", "on", "slack-webhook", webhook);
    }

    private static ConsoleClient signedIn(String email) {
        ConsoleClient client = new ConsoleClient(service.context().getBean(EmbeddedServer.class).getURL().toString());
        assertThat(client.signIn(email, ConsoleData.PASSWORD).statusCode()).isEqualTo(303);
        return client;
    }

    private static HttpResponse<String> save(ConsoleClient client, Map<String, String> notifications) {
        Map<String, String> form = new LinkedHashMap<>(notifications);
        form.put("csrf", ConsoleClient.csrf(client.get("/console/settings").body()));
        form.put("language", "browser");
        return client.post("/console/settings", ConsoleClient.form(form));
    }

    private static void alertFor(String accountId, String name, String owner, String alertId) {
        service.send(service.topics.accountProfiles(), accountId, Records.profile(accountId, name,
                CoverageModel.HIGH_TOUCH, owner, null, null));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = ?", accountId) == 1);
        service.send(service.topics.churnRiskAlerts(), accountId, Records.alert(alertId, accountId,
                AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH).build());
    }
}
