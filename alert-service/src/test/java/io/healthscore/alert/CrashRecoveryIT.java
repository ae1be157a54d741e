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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kill -9 of the service in the middle of a batch of deliveries — while a webhook it sent waits for its answer —
 * then a restart: every delivery reaches its receiver, each idempotency key is seen by each receiver, the one
 * message caught between send and mark is sent again with the same key (receivers that honour the key process
 * it once), and re-sends are bounded by the rows that were in flight at the kill.
 */
@ExtendWith(LocalStackExtension.class)
class CrashRecoveryIT {

    private static final int ALERTS = 40;
    private static final int PER_ALERT = 3; // high-touch playbook: CSM email, Slack, webhook

    @Test
    void everyDeliveryReachesItsReceiverExactlyOnceAcrossAKillDashNineAndRestart(LocalStack stack) throws Exception {
        // Given a service in a child process, a slow webhook receiver and a batch of alerts queued for delivery
        java.nio.file.Files.deleteIfExists(ChildService.logFile("crash_it-1"));
        java.nio.file.Files.deleteIfExists(ChildService.logFile("crash_it-2"));
        try (AlertServiceFixture fixture = AlertServiceFixture.prepare(stack, "crash_it",
                Map.of("delivery.batch-size", "5", "delivery.lease", "3s"))) {
            Sql sql = new Sql(fixture.jdbcUrl);
            fixture.receiver.latency(Duration.ofMillis(20));
            // The 12th webhook is received but not answered until the sender is dead: the crash window between
            // send and mark.
            HttpReceiver.Hold hold = fixture.receiver.holdNth("/crm", 12);
            ChildService first = ChildService.start(fixture.properties(), ChildService.logFile("crash_it-1"));
            int inFlightAtKill;
            long deliveredAtKill;
            try {
                for (int i = 0; i < ALERTS; i++) {
                    fixture.send(fixture.topics.churnRiskAlerts(), "acct-crash-" + i, Records.alert("crash-" + i,
                            "acct-crash-" + i, AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH)
                            .setCsmOwnerEmail("csm-crash-" + i + "@example.com").build());
                }
                // When the service is killed with SIGKILL while it waits for the 12th webhook's answer
                assertThat(hold.awaitHeld(Duration.ofSeconds(90))).as("12th webhook reached the receiver").isTrue();
                first.kill9();
                hold.release();
                inFlightAtKill = (int) sql.count("SELECT count(*) FROM deliveries WHERE status = 'IN_FLIGHT'");
                deliveredAtKill = sql.count("SELECT count(*) FROM deliveries WHERE status = 'DELIVERED'");
            } finally {
                first.close();
            }
            assertThat(deliveredAtKill).as("killed mid-batch").isLessThan(ALERTS * PER_ALERT);

            // And started again on the same database and topics
            try (ChildService second = ChildService.start(fixture.properties(), ChildService.logFile("crash_it-2"))) {
                // Then every alert is stored once and every delivery ends DELIVERED
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        sql.count("SELECT count(*) FROM deliveries WHERE status = 'DELIVERED'") == ALERTS * PER_ALERT);
                assertThat(second.isAlive()).isTrue();
            }
            assertThat(sql.count("SELECT count(*) FROM alerts WHERE alert_id LIKE 'crash-%'")).isEqualTo(ALERTS);
            assertThat(sql.count("SELECT count(*) FROM deliveries")).isEqualTo(ALERTS * PER_ALERT);

            // And each receiver saw every idempotency key; repeats are bounded by what was in flight at the kill
            List<HttpReceiver.Received> hooks = fixture.receiver.accepted("/crm");
            List<HttpReceiver.Received> slack = fixture.receiver.accepted("/slack");
            List<CaughtMail> mails = stack.smtp().messages().stream()
                    .filter(m -> m.to().stream().anyMatch(t -> t.startsWith("csm-crash-"))).toList();
            Set<String> hookKeys = keys(hooks);
            Set<String> slackKeys = keys(slack);
            Set<String> messageIds = mails.stream().map(CaughtMail::messageId).collect(Collectors.toSet());
            assertThat(hookKeys).hasSize(ALERTS);
            assertThat(slackKeys).hasSize(ALERTS);
            assertThat(messageIds).hasSize(ALERTS);
            int repeats = (hooks.size() - hookKeys.size()) + (slack.size() - slackKeys.size())
                    + (mails.size() - messageIds.size());
            System.out.printf("kill -9 after %d of %d delivered, %d in flight; receivers got %d webhooks, %d Slack "
                    + "posts, %d mails; repeats (same key) %d%n", deliveredAtKill, ALERTS * PER_ALERT, inFlightAtKill,
                    hooks.size(), slack.size(), mails.size(), repeats);
            assertThat(repeats).isLessThanOrEqualTo(inFlightAtKill);
            // The webhook caught in the crash window was sent again with the same key (a receiver that honours
            // Idempotency-Key processes it once); nothing else was repeated to it.
            assertThat(hooks.stream().filter(h -> hold.heldKey().equals(h.header("Idempotency-Key")))).hasSize(2);
            assertThat(hooks.size() - hookKeys.size()).isEqualTo(1);

            // And the service's logs hold no secrets, tokens, receiver URLs, recipient addresses or message text
            for (String run : List.of("crash_it-1", "crash_it-2")) {
                String log = java.nio.file.Files.readString(ChildService.logFile(run));
                assertThat(log).contains("Loaded 4 playbooks")
                        .doesNotContain(AlertServiceFixture.WEBHOOK_SECRET).doesNotContain(AlertServiceFixture.CSM_TOKEN)
                        .doesNotContain(AlertServiceFixture.OPS_TOKEN).doesNotContain(fixture.receiver.url("/"))
                        .doesNotContain("csm-crash-").doesNotContain("active users");
            }
        }
    }

    private static Set<String> keys(List<HttpReceiver.Received> requests) {
        return requests.stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
    }
}
