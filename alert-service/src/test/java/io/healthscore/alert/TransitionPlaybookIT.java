package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Level transitions drive transition playbooks ({@code when: {transition: ...}}) with the same outbox, keys,
 * cooldown and profile wait as alerts: a move into LV1 mails the CSM and the customer, posts to Slack and calls the
 * webhook; its replay adds nothing; a second move into LV1 within the cooldown is suppressed, one after it acts
 * again; a transition read before its profile waits for it; an alert never takes a transition playbook.
 */
@ExtendWith(LocalStackExtension.class)
class TransitionPlaybookIT {

    private static final String PLAYBOOKS = """
            playbooks:
              - name: entered-lv1
                when: {transition: {to: LV1, direction: DOWN}}
                actions:
                  - {type: csm-email}
                  - {type: customer-email, template: risk-follow-up}
                  - {type: slack, target: team}
                  - {type: webhook, target: crm}
              - name: default
                actions:
                  - {type: webhook, target: crm}
            """;

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) throws IOException {
        Path file = Files.createTempFile("transition-playbooks", ".yml");
        Files.writeString(file, PLAYBOOKS);
        file.toFile().deleteOnExit();
        service = AlertServiceFixture.start(stack, "transition_playbook_it", Map.of(
                "playbooks.location", "file:" + file, "routing.profile-wait.timeout", "10s"));
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aMoveIntoLv1DeliversItsPlaybookOnceAndItsReplayAddsNothing() {
        // Given an account with a profile
        profile("acct-t1", "csm-t1@transition.example", "contact@t1.example");
        String id = "transition:acct-t1:LV1:" + Records.T0;

        // When it moves from LV2 into LV1
        sendTransition("acct-t1", HealthLevel.LV2, HealthLevel.LV1, Records.T0);

        // Then the CSM, the contact, Slack and the webhook each get it once, keyed by the transition
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-t1@transition.example").size() == 1
                && service.mailTo("contact@t1.example").size() == 1 && webhooks(id).size() == 1
                && slackPostsFor("acct-t1") == 1);
        assertThat(service.mailTo("csm-t1@transition.example").get(0).subject())
                .isEqualTo("[LV1] Acct T1: level LV2 → LV1 (DOWN), score 38.5");
        assertThat(webhooks(id).get(0).header("Idempotency-Key")).isEqualTo(id + ":webhook:crm");
        assertThat(sql.rows("SELECT playbook, action_status FROM level_transitions WHERE account_id = 'acct-t1'"))
                .containsExactly(Map.of("playbook", "entered-lv1", "action_status", "ACTED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE "
                + "account_id = 'acct-t1' AND status = 'DELIVERED'") == 4);

        // When the same transition is read again, followed by a later one the playbook does not take
        sendTransition("acct-t1", HealthLevel.LV2, HealthLevel.LV1, Records.T0);
        sendTransition("acct-t1", HealthLevel.LV1, HealthLevel.LV2, Records.T0.plusSeconds(3600));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM level_transitions WHERE account_id = 'acct-t1'") == 2);

        // Then nothing was written or sent twice
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE account_id = 'acct-t1'")).isEqualTo(4);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                service.mailTo("csm-t1@transition.example").size() == 1 && webhooks(id).size() == 1);
    }

    @Test
    void aSecondMoveIntoLv1WithinTheCooldownIsSuppressedAndOneAfterItActsAgain() {
        // Given an account that moved into LV1 and was acted on
        profile("acct-t2", "csm-t2@transition.example", null);
        Instant first = Records.T0;
        sendTransition("acct-t2", HealthLevel.LV2, HealthLevel.LV1, first);

        // When it moves up and back into LV1 two days later, and again eight days after the first
        sendTransition("acct-t2", HealthLevel.LV1, HealthLevel.LV2, first.plus(Duration.ofDays(1)));
        sendTransition("acct-t2", HealthLevel.LV2, HealthLevel.LV1, first.plus(Duration.ofDays(2)));
        sendTransition("acct-t2", HealthLevel.LV2, HealthLevel.LV1, first.plus(Duration.ofDays(8)));

        // Then the CSM hears of the first and the last, and the one in between is stored as suppressed
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-t2@transition.example").size() == 2);
        assertThat(sql.rows("SELECT to_level, action_status, action_note FROM level_transitions "
                + "WHERE account_id = 'acct-t2' ORDER BY transitioned_at")).containsExactly(
                row("LV1", "ACTED", null),
                row("LV2", null, null),
                row("LV1", "SUPPRESSED", "cooldown: playbook 'entered-lv1' acted on a level transition of this "
                        + "account within 7 days"),
                row("LV1", "ACTED", null));
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE account_id = 'acct-t2' "
                + "AND idempotency_key LIKE 'transition:acct-t2:LV1:" + first.plus(Duration.ofDays(2)) + ":%'"))
                .isZero();
    }

    @Test
    void aTransitionReadBeforeItsProfileWaitsForItsEmailsAndSendsTheRestAtOnce() {
        // Given a move into LV1 of an account whose profile has not been read yet
        sendTransition("acct-t3", HealthLevel.LV3, HealthLevel.LV1, Records.T0);

        // Then Slack and the webhook go, and the emails wait
        await().atMost(Duration.ofSeconds(30)).until(() -> slackPostsFor("acct-t3") == 1
                && sql.count("SELECT count(*) FROM pending_transition_routes WHERE account_id = 'acct-t3'") == 1);
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE account_id = 'acct-t3' AND channel IN "
                + "('CSM_EMAIL', 'CUSTOMER_EMAIL')")).isZero();

        // When the profile arrives
        profile("acct-t3", "csm-t3@transition.example", "contact@t3.example");

        // Then the CSM and the contact get their emails, nothing is skipped and nothing waits
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-t3@transition.example").size() == 1
                && service.mailTo("contact@t3.example").size() == 1);
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE account_id = 'acct-t3' AND status = 'SKIPPED'"))
                .isZero();
        assertThat(sql.count("SELECT count(*) FROM pending_transition_routes WHERE account_id = 'acct-t3'")).isZero();
    }

    @Test
    void anAlertAboutTheSameMoveRunsTheAlertPlaybookNotTheTransitionOne() {
        // Given an alert for an account that just fell into LV1
        service.send(service.topics.churnRiskAlerts(), "acct-t4", Records.alert("t4-alert", "acct-t4",
                AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH).setCsmOwnerEmail("csm-t4@transition.example")
                .build());

        // Then it is routed by the alert playbook: a webhook only, no CSM email
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM alerts WHERE alert_id = 't4-alert' AND playbook = 'default'") == 1);
        assertThat(sql.rows("SELECT channel FROM deliveries WHERE alert_id = 't4-alert'"))
                .containsExactly(Map.of("channel", "WEBHOOK"));
    }

    private static void profile(String account, String csm, String contact) {
        service.send(service.topics.accountProfiles(), account, Records.profile(account,
                "Acct " + account.substring(5).toUpperCase(), CoverageModel.TECH_TOUCH, csm, contact, "en"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = ?", account) == 1);
    }

    private static void sendTransition(String account, HealthLevel from, HealthLevel to, Instant at) {
        LevelTransition t = Records.transition(account, from, to, CoverageModel.TECH_TOUCH, at).build();
        service.send(service.topics.levelTransitions(), account, t);
    }

    private static List<HttpReceiver.Received> webhooks(String transitionId) {
        return service.receiver.accepted("/crm").stream()
                .filter(r -> r.body().contains("\"transitionId\":\"" + transitionId + "\"")).toList();
    }

    private static long slackPostsFor(String account) {
        return service.receiver.accepted("/slack").stream().filter(r -> r.body().contains("(" + account + ")")).count();
    }

    private static Map<String, Object> row(String toLevel, String status, String note) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("to_level", toLevel);
        row.put("action_status", status);
        row.put("action_note", note);
        return row;
    }
}
