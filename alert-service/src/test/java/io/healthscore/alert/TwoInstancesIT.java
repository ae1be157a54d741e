package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.SmtpCatcher.CaughtMail;
import io.healthscore.stack.junit.LocalStackExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two alert services side by side on one database, the same topics and the same consumer group: one in this JVM,
 * one in a child JVM that is killed with SIGKILL while it waits for a webhook's answer. Receivers fail now and then
 * (every third webhook key the first time, every seventh Slack post). Every delivery reaches its receiver with its
 * key (repeats bounded by the rows in flight at the kill), each CSM gets one digest for the day although both
 * instances run the digest every two seconds, and each tech-touch account one escalation for its window although
 * its triggers were read by whichever instance held the partition.
 */
@ExtendWith(LocalStackExtension.class)
class TwoInstancesIT {

    private static final int HIGH_TOUCH = 24;
    private static final int TECH_TOUCH = 6;
    private static final int HIGH_TOUCH_CSMS = 4;
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void twoInstancesAndAKillDashNineOfOneDeliverEverythingOnceWithOneDigestAndOneEscalationEach(LocalStack stack)
            throws Exception {
        Files.deleteIfExists(ChildService.logFile("two_instances_it"));
        try (AlertServiceFixture fixture = AlertServiceFixture.prepare(stack, "two_instances_it", Map.of(
                "delivery.batch-size", "5", "delivery.lease", "3s", "digest.cron", "*/2 * * * * *"))) {
            Sql sql = new Sql(fixture.jdbcUrl);
            HttpReceiver receiver = fixture.receiver;
            // Given a receiver that is slow and fails now and then
            receiver.latency(Duration.ofMillis(150));
            Set<String> failedOnce = ConcurrentHashMap.newKeySet();
            AtomicInteger slackPosts = new AtomicInteger();
            for (String path : List.of("/crm", "/crm-b")) {
                receiver.answer(path, body -> {
                    String key = body.replaceAll("(?s).*\"idempotencyKey\":\"([^\"]+)\".*", "$1");
                    return Math.floorMod(key.hashCode(), 3) == 0 && failedOnce.add(key) ? 503 : 200;
                });
            }
            for (String path : List.of("/slack", "/slack-b")) {
                receiver.answer(path, body -> slackPosts.incrementAndGet() % 7 == 0 ? 503 : 200);
            }
            // And two instances: this JVM's, and a child whose webhooks and Slack posts arrive on paths of its own
            Map<String, Object> childProperties = new HashMap<>(fixture.properties());
            childProperties.put("channels.webhooks.crm.url", receiver.url("/crm-b"));
            childProperties.put("channels.slack.team.url", receiver.url("/slack-b"));
            fixture.startService();
            ChildService child = ChildService.start(childProperties, ChildService.logFile("two_instances_it"));
            int inFlightAtKill;
            long deliveredAtKill;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        Files.readString(ChildService.logFile("two_instances_it")).contains("Startup completed"));
                for (int i = 0; i < TECH_TOUCH; i++) {
                    fixture.send(fixture.topics.accountProfiles(), tech(i), Records.profile(tech(i), "Tech " + i,
                            CoverageModel.TECH_TOUCH, "csm-t" + i + "@two.example", "contact" + i + "@two.example", "en"));
                }
                for (int i = 0; i < HIGH_TOUCH; i++) {
                    fixture.send(fixture.topics.accountProfiles(), high(i), Records.profile(high(i), "High " + i,
                            CoverageModel.HIGH_TOUCH, "csm-h" + (i % HIGH_TOUCH_CSMS) + "@two.example", null, "en"));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM account_profiles")
                        == TECH_TOUCH + HIGH_TOUCH);

                // When tech-touch accounts get an IMMINENT alert and their customer email goes out
                for (int i = 0; i < TECH_TOUCH; i++) {
                    fixture.send(fixture.topics.churnRiskAlerts(), tech(i), Records.alert("two-t" + i, tech(i),
                            AlertRule.INACTIVITY, Severity.IMMINENT, CoverageModel.TECH_TOUCH).build());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> sql.count("SELECT count(*) FROM deliveries WHERE "
                        + "channel = 'CUSTOMER_EMAIL' AND status = 'DELIVERED'") == TECH_TOUCH);

                // And then the high-touch alerts arrive with three escalation triggers per tech-touch account
                for (int i = 0; i < HIGH_TOUCH; i++) {
                    fixture.send(fixture.topics.churnRiskAlerts(), high(i), Records.alert("two-h" + i, high(i),
                            AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH).build());
                }
                for (int i = 0; i < TECH_TOUCH; i++) {
                    fixture.send(fixture.topics.healthScores(), tech(i), Records.score(tech(i), 30.0, Records.T0.plus(DAY)));
                    fixture.send(fixture.topics.healthScores(), tech(i), Records.score(tech(i), 20.0,
                            Records.T0.plus(DAY.multipliedBy(2))));
                    fixture.send(fixture.topics.churnRiskAlerts(), tech(i), Records.alert("two-t" + i + "-again", tech(i),
                            AlertRule.PAYMENT_FAILED, Severity.IMMINENT, CoverageModel.TECH_TOUCH)
                            .setRaisedAt(Records.T0.plus(DAY.multipliedBy(3))).build());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> sql.count("SELECT count(*) FROM alerts")
                        == HIGH_TOUCH + 2 * TECH_TOUCH && sql.count("SELECT count(*) FROM health_scores") == 2 * TECH_TOUCH);

                // And the child is killed with SIGKILL while it waits for the answer to a webhook
                HttpReceiver.Hold hold = receiver.holdNth("/crm-b", 1);
                assertThat(hold.awaitHeld(Duration.ofSeconds(60))).as("the child sent a webhook after the load").isTrue();
                child.kill9();
                hold.release();
                inFlightAtKill = (int) sql.count("SELECT count(*) FROM deliveries WHERE status = 'IN_FLIGHT'");
                deliveredAtKill = sql.count("SELECT count(*) FROM deliveries WHERE status = 'DELIVERED'");
            } finally {
                child.close();
            }

            // Then every row ends DELIVERED, through the instance left
            int expectedRows = HIGH_TOUCH * 3 + TECH_TOUCH * 3 * 2 + TECH_TOUCH + HIGH_TOUCH_CSMS + TECH_TOUCH;
            await().atMost(Duration.ofSeconds(60)).until(() -> sql.count("SELECT count(*) FROM deliveries "
                    + "WHERE status = 'DELIVERED'") == expectedRows);
            assertThat(sql.count("SELECT count(*) FROM deliveries")).isEqualTo(expectedRows);
            assertThat(deliveredAtKill).as("killed mid-batch").isLessThan(expectedRows);

            // And each receiver saw every key, repeats bounded by the rows in flight at the kill
            List<HttpReceiver.Received> hooks = accepted(receiver, "/crm", "/crm-b");
            List<HttpReceiver.Received> slack = accepted(receiver, "/slack", "/slack-b");
            List<CaughtMail> mails = stack.smtp().messages().stream()
                    .filter(m -> m.to().stream().anyMatch(t -> t.endsWith("@two.example"))).toList();
            Set<String> hookKeys = keys(hooks);
            Set<String> slackKeys = keys(slack);
            Set<String> messageIds = mails.stream().map(CaughtMail::messageId).collect(Collectors.toSet());
            assertThat(hookKeys).isEqualTo(Set.copyOf(sql.strings("SELECT idempotency_key FROM deliveries "
                    + "WHERE channel = 'WEBHOOK'")));
            assertThat(slackKeys).isEqualTo(Set.copyOf(sql.strings("SELECT idempotency_key FROM deliveries "
                    + "WHERE channel = 'SLACK'")));
            assertThat(messageIds).hasSize((int) sql.count("SELECT count(*) FROM deliveries "
                    + "WHERE channel IN ('CSM_EMAIL', 'CUSTOMER_EMAIL')"));
            int repeats = (hooks.size() - hookKeys.size()) + (slack.size() - slackKeys.size())
                    + (mails.size() - messageIds.size());
            System.out.printf("TwoInstancesIT: kill -9 of one instance after %d of %d delivered, %d in flight; "
                    + "receivers got %d webhooks (%d from the killed one), %d Slack posts, %d mails; 503s %d; "
                    + "repeats (same key) %d%n", deliveredAtKill, expectedRows, inFlightAtKill, hooks.size(),
                    receiver.accepted("/crm-b").size(), slack.size(), mails.size(),
                    receiver.received("/crm").size() + receiver.received("/crm-b").size()
                            + receiver.received("/slack").size() + receiver.received("/slack-b").size()
                            - hooks.size() - slack.size(), repeats);
            assertThat(repeats).isLessThanOrEqualTo(Math.max(inFlightAtKill, 1));
            assertThat(receiver.accepted("/crm-b")).as("the child delivered its share before the kill").isNotEmpty();
            long storedByChild = Files.readString(ChildService.logFile("two_instances_it")).lines()
                    .filter(l -> l.contains("AlertIntake - Alert ") && l.endsWith(": new")).count();
            System.out.printf("TwoInstancesIT: the killed instance stored %d of %d alerts%n", storedByChild,
                    HIGH_TOUCH + 2 * TECH_TOUCH);

            // And each CSM got one digest, each tech-touch account one escalation
            for (int c = 0; c < HIGH_TOUCH_CSMS; c++) {
                assertThat(digests(mails, "csm-h" + c + "@two.example")).as("digests to csm-h" + c).isEqualTo(1);
            }
            for (int i = 0; i < TECH_TOUCH; i++) {
                assertThat(digests(mails, "csm-t" + i + "@two.example")).as("digests to csm-t" + i).isEqualTo(1);
                assertThat(sql.count("SELECT count(*) FROM account_escalations WHERE account_id = ?", tech(i)))
                        .as("escalations of " + tech(i)).isEqualTo(1);
                assertThat(sql.count("SELECT count(*) FROM deliveries WHERE account_id = ? AND idempotency_key "
                        + "LIKE 'escalation:%'", tech(i))).isEqualTo(1);
            }
        }
    }

    private static String tech(int i) {
        return "acct-two-t" + i;
    }

    private static String high(int i) {
        return "acct-two-h" + i;
    }

    private static long digests(List<CaughtMail> mails, String csm) {
        return mails.stream().filter(m -> m.to().contains(csm) && m.subject().startsWith("Daily digest"))
                .map(CaughtMail::messageId).distinct().count();
    }

    private static List<HttpReceiver.Received> accepted(HttpReceiver receiver, String... paths) {
        return java.util.Arrays.stream(paths).flatMap(p -> receiver.accepted(p).stream()).toList();
    }

    private static Set<String> keys(List<HttpReceiver.Received> requests) {
        return requests.stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
    }
}
