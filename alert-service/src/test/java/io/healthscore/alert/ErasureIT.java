package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.alert.erasure.ErasureTombstones;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator erases an account: every row of it goes (alerts, deliveries and their rendered bodies, attempts,
 * scores, profile), other accounts' rows stay, the compacted topics get tombstones, the erasure itself is recorded
 * without the account's id, and records of the account still on their way are not stored again.
 */
@ExtendWith(LocalStackExtension.class)
class ErasureIT {

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "erasure_it", Map.of());
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anErasedAccountLeavesNoRowAndNoBodyBehindWhileOtherAccountsKeepTheirs() throws Exception {
        // Given two accounts with profiles, scores and tech-touch alerts whose emails went out
        for (String acct : List.of("erase-me", "keep-me")) {
            service.send(service.topics.accountProfiles(), acct, Records.profile(acct, acct + " Corp",
                    CoverageModel.TECH_TOUCH, "csm-erase@example.com", "it@" + acct + ".example", "en"));
            service.send(service.topics.healthScores(), acct, Records.score(acct, 35.0, Records.T0));
            service.send(service.topics.churnRiskAlerts(), acct, Records.alert(acct + "-a1", acct, AlertRule.SCORE_DROP,
                    Severity.IMMINENT, CoverageModel.TECH_TOUCH).build());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !service.mailTo("it@erase-me.example").isEmpty()
                && sql.count("SELECT count(*) FROM health_scores WHERE account_id = 'erase-me'") == 1
                && sql.count("SELECT count(*) FROM deliveries WHERE account_id = 'erase-me' AND status = 'DELIVERED'") > 0);
        // And another row whose body names the account among others (as a digest does)
        sql.update("INSERT INTO deliveries (idempotency_key, channel, target, subject, body, status, next_attempt_at, "
                + "created_at, updated_at) VALUES ('digest:test', 'CSM_EMAIL', 'csm-erase@example.com', 'Digest', "
                + "'erase-me Corp (erase-me) renews soon; keep-me Corp too; erase-me-2 and erase-me.old are others', "
                + "'DELIVERED', now(), now(), now())");

        // And a note on each account, one with its touch-point still waiting in the outbox
        for (String acct : List.of("erase-me", "keep-me")) {
            sql.update("INSERT INTO account_notes (note_id, account_id, author, body, created_at) VALUES "
                    + "(?, ?, 'csm-erase@example.com', 'called ' || ?, now())", "note-" + acct, acct, acct);
        }
        sql.update("INSERT INTO signal_outbox (message_id, account_id, signal_type, occurred_at, created_at, "
                + "next_attempt_at) VALUES ('console-note:erase-me', 'erase-me', 'CSM_TOUCHPOINT', now(), now(), "
                + "now() + interval '1 day')");

        // When an operator erases it
        Map<?, ?> answer = service.http().toBlocking().retrieve(HttpRequest.POST("/erasures",
                Map.of("accountId", "erase-me")).bearerAuth(AlertServiceFixture.OPS_TOKEN), Map.class);

        // Then nothing of it is left in any table
        for (String table : List.of("alerts", "deliveries", "escalations", "account_escalations", "pending_routes",
                "pending_transition_routes", "health_scores", "level_transitions", "account_profiles", "account_notes",
                "signal_outbox")) {
            assertThat(sql.count("SELECT count(*) FROM " + table + " WHERE account_id = 'erase-me'")).as(table).isZero();
        }
        assertThat(sql.count("SELECT count(*) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id "
                + "WHERE d.account_id = 'erase-me'")).isZero();
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE (body LIKE '%erase-me%' OR subject LIKE '%erase-me%' "
                + "OR target LIKE '%erase-me%') AND idempotency_key <> 'digest:test'")).isZero();
        assertThat(sql.rows("SELECT body FROM deliveries WHERE idempotency_key = 'digest:test'")).containsExactly(
                Map.of("body", "[erased account] ([erased account]) renews soon; keep-me Corp too; erase-me-2 and "
                        + "erase-me.old are others"));
        // And the other account keeps everything
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE account_id = 'keep-me'")).isEqualTo(1);
        assertThat(sql.count("SELECT count(*) FROM health_scores WHERE account_id = 'keep-me'")).isEqualTo(1);
        assertThat(sql.strings("SELECT body FROM account_notes WHERE account_id = 'keep-me'"))
                .containsExactly("called keep-me");
        // And the erasure is recorded with who and when, and the id only as its SHA-256
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("erase-me".getBytes(StandardCharsets.UTF_8)));
        assertThat(sql.rows("SELECT account_sha256, requested_by FROM erasures")).contains(
                Map.of("account_sha256", hash, "requested_by", "ops"));
        assertThat(answer.toString()).doesNotContain("erase-me").contains("tombstonedTopics");
        // And the compacted topics end with the account's tombstone, the profile's marked as an erasure
        ConsumerRecord<byte[], byte[]> profileTombstone = last(service.topics.accountProfiles().name(), "erase-me");
        assertThat(profileTombstone.value()).isNull();
        assertThat(profileTombstone.headers().lastHeader(ErasureTombstones.ERASE_HEADER)).isNotNull();
        assertThat(last(service.topics.healthScoresLatest().name(), "erase-me").value()).isNull();

        // When a score of the account produced before the erasure arrives late
        service.send(service.topics.healthScores(), "erase-me", Records.score("erase-me", 30.0, Records.T0.plusSeconds(60)));
        service.send(service.topics.healthScores(), "keep-me", Records.score("keep-me", 30.0, Records.T0.plusSeconds(60)));

        // Then it is not stored (the account stays erased) while the other account's is
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM health_scores WHERE account_id = 'keep-me'") == 2);
        assertThat(sql.count("SELECT count(*) FROM health_scores WHERE account_id = 'erase-me'")).isZero();
    }

    @Test
    void onlyOperatorsMayEraseAndTheAccountIdIsRequired() {
        long erasures = sql.count("SELECT count(*) FROM erasures");
        HttpClientResponseException csm = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> service.http().toBlocking().exchange(HttpRequest.POST("/erasures", Map.of("accountId", "keep-me"))
                        .bearerAuth(AlertServiceFixture.CSM_TOKEN)));
        assertThat(csm.getStatus().getCode()).isEqualTo(403);
        HttpClientResponseException missing = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class, () -> service.http().toBlocking().exchange(
                        HttpRequest.POST("/erasures", Map.of()).bearerAuth(AlertServiceFixture.OPS_TOKEN)));
        assertThat(missing.getStatus().getCode()).isEqualTo(400);
        assertThat(sql.count("SELECT count(*) FROM erasures")).isEqualTo(erasures);
    }

    private static ConsumerRecord<byte[], byte[]> last(String topic, String key) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(service.stack.kafka().bootstrapServers(), topic)
                .stream().filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(key))
                .toList();
        assertThat(records).as("records of %s on %s", key, topic).isNotEmpty();
        return records.get(records.size() - 1);
    }
}
