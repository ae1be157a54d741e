package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Expansion signals from the expansion-opportunities topic drive expansion playbooks ({@code when: {expansion: ...}})
 * with the outbox, keys, cooldown and profile wait of transition playbooks: a SEATS_EXCEEDED signal mails the CSM,
 * posts to Slack and calls the webhook, once each, and its replay adds nothing; a second signal within the cooldown
 * is suppressed; a signal is stored in its own table and never becomes an alert; bad records go to the topic's DLQ.
 */
@ExtendWith(LocalStackExtension.class)
class ExpansionPlaybookIT {

    private static final String PLAYBOOKS = """
            playbooks:
              - name: seats-upsell
                when: {expansion: {kind: SEATS_EXCEEDED}}
                actions:
                  - {type: csm-email}
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
        Path file = Files.createTempFile("expansion-playbooks", ".yml");
        Files.writeString(file, PLAYBOOKS);
        file.toFile().deleteOnExit();
        service = AlertServiceFixture.start(stack, "expansion_playbook_it", Map.of(
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
    void aSignalDeliversItsPlaybookOnceAndItsReplayAddsNothing() {
        // Given an account with a profile
        profile("acct-e1", "csm-e1@expansion.example");

        // When a SEATS_EXCEEDED signal arrives
        ExpansionOpportunity signal = signal("sig-e1", "acct-e1", ExpansionKind.SEATS_EXCEEDED, Records.T0);
        service.send(service.topics.expansionOpportunities(), "acct-e1", signal);

        // Then the CSM, Slack and the webhook each get it once, keyed by the signal
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-e1@expansion.example").size() == 1
                && webhooks("sig-e1").size() == 1 && slackPostsFor("acct-e1") == 1);
        assertThat(service.mailTo("csm-e1@expansion.example").get(0).subject())
                .isEqualTo("[EXPANSION] Acct E1: SEATS_EXCEEDED (14 active users on 10 seats, score 86.5)");
        assertThat(webhooks("sig-e1").get(0).header("Idempotency-Key")).isEqualTo("expansion:sig-e1:webhook:crm");
        assertThat(webhooks("sig-e1").get(0).body()).contains("\"type\":\"expansion-opportunity\"");
        assertThat(sql.rows("SELECT kind, active_users, seats, playbook, action_status FROM expansion_signals "
                + "WHERE account_id = 'acct-e1'")).containsExactly(Map.of("kind", "SEATS_EXCEEDED",
                "active_users", 14, "seats", 10, "playbook", "seats-upsell", "action_status", "ACTED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE "
                + "account_id = 'acct-e1' AND status = 'DELIVERED'") == 3);
        // And it is no alert: no alert row, no delivery of an alert
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE account_id = 'acct-e1'")).isZero();
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE account_id = 'acct-e1' AND alert_id IS NOT NULL"))
                .isZero();

        // When the same signal is read again, followed by a RISING_ADOPTION one no playbook takes
        service.send(service.topics.expansionOpportunities(), "acct-e1", signal);
        service.send(service.topics.expansionOpportunities(), "acct-e1",
                signal("sig-e1b", "acct-e1", ExpansionKind.RISING_ADOPTION, Records.T0.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM expansion_signals WHERE account_id = 'acct-e1'") == 2);

        // Then nothing was written or sent twice, and the signal no playbook took was stored without actions
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE account_id = 'acct-e1'")).isEqualTo(3);
        assertThat(sql.count("SELECT count(*) FROM expansion_signals WHERE signal_id = 'sig-e1b' "
                + "AND playbook IS NULL")).isEqualTo(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                service.mailTo("csm-e1@expansion.example").size() == 1 && webhooks("sig-e1").size() == 1);
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE account_id = 'acct-e1'")).isZero();
    }

    @Test
    void aSecondSignalWithinTheCooldownIsSuppressed() {
        // Given an account signalled and acted on
        profile("acct-e2", "csm-e2@expansion.example");
        service.send(service.topics.expansionOpportunities(), "acct-e2",
                signal("sig-e2a", "acct-e2", ExpansionKind.SEATS_EXCEEDED, Records.T0));

        // When another arrives two days later, and one more eight days after the first
        service.send(service.topics.expansionOpportunities(), "acct-e2",
                signal("sig-e2b", "acct-e2", ExpansionKind.SEATS_EXCEEDED, Records.T0.plus(Duration.ofDays(2))));
        service.send(service.topics.expansionOpportunities(), "acct-e2",
                signal("sig-e2c", "acct-e2", ExpansionKind.SEATS_EXCEEDED, Records.T0.plus(Duration.ofDays(8))));

        // Then the CSM hears of the first and the last; the one in between is stored as suppressed, with why
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-e2@expansion.example").size() == 2);
        assertThat(sql.rows("SELECT signal_id, action_status, action_note FROM expansion_signals "
                + "WHERE account_id = 'acct-e2' ORDER BY detected_at")).containsExactly(
                row("sig-e2a", "ACTED", null),
                row("sig-e2b", "SUPPRESSED", "cooldown: playbook 'seats-upsell' acted on an expansion signal of this "
                        + "account within 7 days"),
                row("sig-e2c", "ACTED", null));
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE idempotency_key LIKE 'expansion:sig-e2b:%'"))
                .isZero();
    }

    @Test
    void aSignalReadBeforeItsProfileWaitsForItsEmailAndPostsAtOnce() {
        // Given a signal of an account whose profile has not been read yet
        service.send(service.topics.expansionOpportunities(), "acct-e3",
                signal("sig-e3", "acct-e3", ExpansionKind.SEATS_EXCEEDED, Records.T0));

        // Then Slack and the webhook go, and the CSM email waits
        await().atMost(Duration.ofSeconds(30)).until(() -> slackPostsFor("acct-e3") == 1
                && sql.count("SELECT count(*) FROM pending_expansion_routes WHERE account_id = 'acct-e3'") == 1);
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE account_id = 'acct-e3' AND channel = 'CSM_EMAIL'"))
                .isZero();

        // When the profile arrives
        profile("acct-e3", "csm-e3@expansion.example");

        // Then the CSM gets it and nothing waits any more
        await().atMost(Duration.ofSeconds(30)).until(() -> service.mailTo("csm-e3@expansion.example").size() == 1);
        assertThat(sql.count("SELECT count(*) FROM pending_expansion_routes WHERE account_id = 'acct-e3'")).isZero();
    }

    @Test
    void anUndecodableRecordAndOneWithoutAccountGoToTheDeadLetterTopicAndTheIntakeGoesOn() {
        // Given a record that is not Avro and a signal whose account id is blank
        String topic = service.topics.expansionOpportunities().name();
        byte[] notAvro = "{\"kind\":\"SEATS_EXCEEDED\"}".getBytes(StandardCharsets.UTF_8);
        service.sendRaw(topic, "acct-e4", notAvro);
        service.send(service.topics.expansionOpportunities(), "acct-e5",
                signal("sig-e5", " ", ExpansionKind.SEATS_EXCEEDED, Records.T0));
        // When a good signal follows for each key
        service.send(service.topics.expansionOpportunities(), "acct-e4",
                signal("sig-e4-after", "acct-e4", ExpansionKind.RISING_ADOPTION, Records.T0));
        service.send(service.topics.expansionOpportunities(), "acct-e5",
                signal("sig-e5-after", "acct-e5", ExpansionKind.RISING_ADOPTION, Records.T0));

        // Then the good ones are stored and the bad ones are in the DLQ with their bytes and reasons
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM expansion_signals WHERE signal_id LIKE 'sig-e%-after'") == 2);
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAll(service.stack.kafka().bootstrapServers(),
                service.topics.dlqOf(service.topics.expansionOpportunities()).name());
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("acct-e4", "acct-e5");
        ConsumerRecord<byte[], byte[]> undecodable = dead.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("acct-e4")).findFirst().orElseThrow();
        assertThat(undecodable.value()).isEqualTo(notAvro);
        assertThat(header(undecodable, "dlq.error.class"))
                .isEqualTo("io.healthscore.schemas.serde.UnknownMagicByteException");
        assertThat(header(undecodable, "dlq.source.topic")).isEqualTo(topic);
        ConsumerRecord<byte[], byte[]> blank = dead.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("acct-e5")).findFirst().orElseThrow();
        assertThat(header(blank, "dlq.reason")).isEqualTo("accountId is blank");
        assertThat(sql.count("SELECT count(*) FROM expansion_signals WHERE signal_id = 'sig-e5'")).isZero();
    }

    private static ExpansionOpportunity signal(String id, String account, ExpansionKind kind, Instant at) {
        return Records.expansion(id, account, kind, CoverageModel.HIGH_TOUCH, at).build();
    }

    private static void profile(String account, String csm) {
        service.send(service.topics.accountProfiles(), account, Records.profile(account,
                "Acct " + account.substring(5).toUpperCase(), CoverageModel.HIGH_TOUCH, csm, null, "en"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM account_profiles WHERE account_id = ?", account) == 1);
    }

    private static List<HttpReceiver.Received> webhooks(String signalId) {
        return service.receiver.accepted("/crm").stream()
                .filter(r -> r.body().contains("\"signalId\":\"" + signalId + "\"")).toList();
    }

    private static long slackPostsFor(String account) {
        return service.receiver.accepted("/slack").stream().filter(r -> r.body().contains("(" + account + ")")).count();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> row(String signalId, String status, String note) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("signal_id", signalId);
        row.put("action_status", status);
        row.put("action_note", note);
        return row;
    }
}
