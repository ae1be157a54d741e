package io.healthscore.scoring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.SignalType;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;


import io.healthscore.scoring.topology.ScoringTopology;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.StackProvisioner;
import io.healthscore.stack.junit.LocalStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the broker refuses, on the embedded broker: a changelog that refuses every record (its
 * {@code max.message.bytes} below any batch of state) fails the task instead of being dead-lettered, so no output of the
 * refused transaction is committed; once the changelog takes records again, each account has every output exactly
 * once and a state that counted each input once. And scoring does not start without its dead-letter topics.
 */
@ExtendWith(LocalStackExtension.class)
class RefusedWritesIT {

    private static final int ACCOUNTS = 6;

    @TempDir
    Path stateDir;

    @Test
    void aRefusedChangelogWriteFailsTheTaskAndAfterRecoveryStateAndOutputsHoldEveryInputExactlyOnce(LocalStack stack)
            throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        String run = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        // Topics of its own: the other ITs of this stack read the shared topics from the start, and count levels.
        TopicNames names = topicNames(run);
        Topics topics = Topics.create(names, stack.registryClient(), true);
        try (Admin admin = stack.admin()) {
            new StackProvisioner(admin, stack.registryClient(), 6).provision(topics);
        }
        String applicationId = "scoring-" + run;
        String changelog = applicationId + "-" + ScoringTopology.ACCOUNT_STORE + "-changelog";
        List<String> accounts = IntStream.range(0, ACCOUNTS).mapToObj(i -> run + "-" + i).toList();
        int httpPort = ScoringPipelineIT.freePort();
        Map<String, String> config = config(bootstrap, stack, applicationId, httpPort);
        config.putAll(Map.of(
                TopicNames.USAGE_EVENTS_KEY, names.usageEvents(),
                TopicNames.ACCOUNT_PROFILES_KEY, names.accountProfiles(),
                TopicNames.ACCOUNT_SIGNALS_KEY, names.accountSignals(),
                TopicNames.HEALTH_SCORES_KEY, names.healthScores(),
                TopicNames.HEALTH_SCORES_LATEST_KEY, names.healthScoresLatest(),
                TopicNames.LEVEL_TRANSITIONS_KEY, names.levelTransitions(),
                TopicNames.CHURN_RISK_ALERTS_KEY, names.churnRiskAlerts()));

        try (ScoringInstance service = ScoringInstance.start(config);
             OutputCollector out = new OutputCollector(bootstrap, List.of(topics.healthScores().name(),
                     topics.levelTransitions().name(), topics.churnRiskAlerts().name()));
             KafkaProducer<String, Object> producer = ScoringPipelineIT.producer(bootstrap, topics);
             Admin admin = stack.admin()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> service.state() == KafkaStreams.State.RUNNING);
            // Given every account scored 100 (LV4)
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (String account : accounts) {
                ScoringPipelineIT.send(producer, topics.accountSignals().name(), account,
                        ScoringPipelineIT.signal(account, SignalType.NPS_ANSWER, now).setNpsScore(10).build());
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(scores(out, topics, run))
                    .hasSize(ACCOUNTS));
            Set<String> threadsBefore = threadNames(service);

            // When the account store's changelog refuses every record, and each account's payment fails
            // 100 bytes: below any batch of account state (61 bytes of batch header, then key and state), above the
            // 78-byte batch of the transaction marker that aborts the refused transaction. Below that, the broker
            // cannot write the abort marker either, its transaction coordinator fails on it, and the transactional
            // id stays stuck after the limit is lifted: a broken broker, not what this test is about.
            setMaxMessageBytes(admin, changelog, "100");
            for (String account : accounts) {
                ScoringPipelineIT.send(producer, topics.accountSignals().name(), account,
                        ScoringPipelineIT.signal(account, SignalType.PAYMENT_FAILED, Instant.now()).build());
            }

            // Then the task fails (its thread is replaced) and nothing of the refused transactions is committed
            await().atMost(Duration.ofSeconds(60)).until(() -> !threadsBefore.containsAll(threadNames(service)));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(scores(out, topics, run)).extracting(HealthScore::getScore).containsOnly(100.0));
            // And nothing was dead-lettered to a topic next to the changelog
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).noneMatch(t -> t.startsWith(changelog + "-"));

            // When the changelog takes records again, and each account then answers as a detractor
            setMaxMessageBytes(admin, changelog, null);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(scores(out, topics, run))
                    .hasSize(2 * ACCOUNTS));
            for (String account : accounts) {
                ScoringPipelineIT.send(producer, topics.accountSignals().name(), account,
                        ScoringPipelineIT.signal(account, SignalType.NPS_ANSWER, Instant.now()).setNpsScore(0).build());
            }

            // Then each account has each score, transition and alert exactly once: the failed payment counted once
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertOutputs(out, topics, accounts, run));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertOutputs(out, topics, accounts, run));
            // And the store answers what the outputs say
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String account : accounts) {
                    var health = ScoringPipelineIT.get("http://127.0.0.1:" + httpPort + "/accounts/" + account + "/health");
                    assertThat(health.statusCode()).as(account).isEqualTo(200);
                    assertThat(health.body()).as(account).contains("\"score\":30.0", "\"level\":\"LV1\"");
                }
            });
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void scoringDoesNotStartWithoutItsDeadLetterTopics(LocalStack stack) throws Exception {
        stack.provision();
        Map<String, String> config = config(stack.kafka().bootstrapServers(), stack,
                "scoring-no-dlq-" + UUID.randomUUID().toString().substring(0, 8), ScoringPipelineIT.freePort());
        config.put(TopicNames.DLQ_SUFFIX_KEY, "-absent-dlq");

        assertThatThrownBy(() -> ScoringInstance.start(config).close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("usage-events-absent-dlq")
                .hasMessageContaining("health-scores-absent-dlq")
                .hasMessageContaining("does not start without them");
    }

    private Map<String, String> config(String bootstrap, LocalStack stack, String applicationId, int httpPort) {
        return new HashMap<>(Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "schema.registry.url", stack.registry().confluentUrl(),
                "scoring.application-id", applicationId,
                "micronaut.server.port", Integer.toString(httpPort),
                "scoring.http.token", ScoringPipelineIT.QUERY_TOKEN,
                "kafka.state.dir", stateDir.resolve(applicationId).toString(),
                "kafka.commit.interval.ms", "100"));
    }

    private static TopicNames topicNames(String run) {
        TopicNames d = TopicNames.defaults();
        return new TopicNames(run + "-" + d.usageEvents(), run + "-" + d.accountProfiles(), run + "-" + d.accountSignals(),
                run + "-" + d.healthScores(), run + "-" + d.healthScoresLatest(), run + "-" + d.levelTransitions(),
                run + "-" + d.churnRiskAlerts(), run + "-" + d.expansionOpportunities(), d.dlqSuffix());
    }

    private static List<HealthScore> scores(OutputCollector out, Topics topics, String run) {
        return out.values(topics.healthScores().name(), topics.healthScores().valueSerde().deserializer(),
                k -> k.startsWith(run));
    }

    private static Set<String> threadNames(ScoringInstance service) {
        return service.streams().metadataForLocalThreads().stream().map(ThreadMetadata::threadName)
                .collect(Collectors.toSet());
    }

    /** Sets the topic's max.message.bytes, or removes the override (back to the broker's) when null. */
    private static void setMaxMessageBytes(Admin admin, String topic, String value) throws Exception {
        ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value == null ? "" : value);
        AlterConfigOp op = new AlterConfigOp(entry, value == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(op)))
                .all().get(30, TimeUnit.SECONDS);
    }

    private static void assertOutputs(OutputCollector out, Topics topics, List<String> accounts, String run) {
        List<LevelTransition> transitions = out.values(topics.levelTransitions().name(),
                topics.levelTransitions().valueSerde().deserializer(), k -> k.startsWith(run));
        List<ChurnRiskAlert> alerts = out.values(topics.churnRiskAlerts().name(),
                topics.churnRiskAlerts().valueSerde().deserializer(), k -> k.startsWith(run));
        List<HealthScore> scores = scores(out, topics, run);
        for (String account : accounts) {
            assertThat(transitions).filteredOn(t -> t.getAccountId().equals(account))
                    .extracting(t -> t.getFromLevel() + "->" + t.getToLevel())
                    .containsExactly("LV4->LV3", "LV3->LV1");
            assertThat(alerts).filteredOn(a -> a.getAccountId().equals(account))
                    .extracting(a -> a.getRule() + "/" + a.getSeverity())
                    .containsExactly("LEVEL_DOWN/SUSPECTED", "PAYMENT_FAILED/SUSPECTED", "LEVEL_DOWN/IMMINENT",
                            "DETRACTOR_NPS/SUSPECTED");
            assertThat(scores).filteredOn(s -> s.getAccountId().equals(account)).extracting(HealthScore::getScore)
                    .containsExactly(100.0, 75.0, 30.0);
        }
        assertThat(alerts).extracting(ChurnRiskAlert::getAlertId).doesNotHaveDuplicates();
    }
}
