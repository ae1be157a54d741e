package io.healthscore.scoring.it;

import io.healthscore.stack.ChildProcesses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.SignalType;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.scoring.app.ScoringApplication;


import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the application; one (a separate JVM) is killed with SIGKILL in the middle of a scripted
 * scenario. The survivor takes over its partitions, restores state from the changelogs, and the committed
 * outputs hold every expected transition and alert exactly once.
 */
@ExtendWith(LocalStackExtension.class)
class FailoverIT {

    private static final int ACCOUNTS = 12;

    @TempDir
    Path dir;

    @Test
    void whenOneOfTwoInstancesIsKilledTheOtherTakesOverWithoutDuplicateOrMissingOutputs(LocalStack stack) throws Exception {
        stack.provision();
        String bootstrap = stack.kafka().bootstrapServers();
        Topics topics = Topics.create(TopicNames.defaults(), stack.registryClient(), true);
        String run = "fo-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> accounts = IntStream.range(0, ACCOUNTS).mapToObj(i -> run + "-" + i).toList();
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "schema.registry.url", stack.registry().confluentUrl(),
                "scoring.application-id", "scoring-failover-" + run,
                "kafka.commit.interval.ms", "100",
                "kafka.consumer.session.timeout.ms", "6000",
                "kafka.consumer.heartbeat.interval.ms", "1000",
                "scoring.http.token", ScoringPipelineIT.QUERY_TOKEN,
                // Queries the survivor forwards to the other instance carry the instances' own token, not the caller's.
                "scoring.http.peer-token", "failover-peer-token-" + run));

        int survivorPort = ScoringPipelineIT.freePort();
        config.put("micronaut.server.port", Integer.toString(ScoringPipelineIT.freePort()));
        Process other = startOtherInstance(config);
        config.put("micronaut.server.port", Integer.toString(survivorPort));
        config.put("kafka.state.dir", dir.resolve("survivor").toString());
        try (ScoringInstance survivor = ScoringInstance.start(config);
             OutputCollector out = new OutputCollector(bootstrap, List.of(topics.healthScores().name(),
                     topics.levelTransitions().name(), topics.churnRiskAlerts().name()));
             KafkaProducer<String, Object> producer = ScoringPipelineIT.producer(bootstrap, topics)) {
            // Given both instances share the partitions
            await().atMost(Duration.ofSeconds(120)).until(() -> survivor.state() == KafkaStreams.State.RUNNING
                    && activeTasks(survivor) > 0 && activeTasks(survivor) < 6);

            // And every account scored 100 (LV4)
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (String account : accounts) {
                ScoringPipelineIT.send(producer, topics.accountSignals().name(), account,
                        ScoringPipelineIT.signal(account, SignalType.NPS_ANSWER, now).setNpsScore(10).build());
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    out.values(topics.healthScores().name(), topics.healthScores().valueSerde().deserializer(),
                            k -> k.startsWith(run))).hasSize(ACCOUNTS));

            // And the survivor answers for every account, forwarding to the other instance for the ones it owns
            String base = "http://127.0.0.1:" + survivorPort;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String account : accounts) {
                    var health = ScoringPipelineIT.get(base + "/accounts/" + account + "/health");
                    assertThat(health.statusCode()).as(account).isEqualTo(200);
                    assertThat(health.body()).contains("\"score\":100.0", "\"level\":\"LV4\"");
                }
                assertThat(ScoringPipelineIT.get(base + "/levels").body())
                        .contains("\"levels\":{\"LV1\":0,\"LV2\":0,\"LV3\":0,\"LV4\":" + ACCOUNTS + "}");
            });

            // When payments fail, the other instance is killed mid-stream, and detractor answers follow
            for (String account : accounts) {
                ScoringPipelineIT.send(producer, topics.accountSignals().name(), account,
                        ScoringPipelineIT.signal(account, SignalType.PAYMENT_FAILED, Instant.now()).build());
            }
            other.destroyForcibly().waitFor();
            for (String account : accounts) {
                ScoringPipelineIT.send(producer, topics.accountSignals().name(), account,
                        ScoringPipelineIT.signal(account, SignalType.NPS_ANSWER, Instant.now()).setNpsScore(0).build());
            }

            // Then each account has exactly its two transitions and four alerts, and the outputs stay so
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertOutputs(out, topics, accounts, run));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertOutputs(out, topics, accounts, run));
        } finally {
            other.destroyForcibly();
        }
    }

    private static int activeTasks(ScoringInstance service) {
        return service.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    private static void assertOutputs(OutputCollector out, Topics topics, List<String> accounts, String run) {
        List<LevelTransition> transitions = out.values(topics.levelTransitions().name(),
                topics.levelTransitions().valueSerde().deserializer(), k -> k.startsWith(run));
        List<ChurnRiskAlert> alerts = out.values(topics.churnRiskAlerts().name(),
                topics.churnRiskAlerts().valueSerde().deserializer(), k -> k.startsWith(run));
        List<HealthScore> scores = out.values(topics.healthScores().name(),
                topics.healthScores().valueSerde().deserializer(), k -> k.startsWith(run));
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

    /** The second instance in its own JVM, so that it can be killed without any chance to close. */
    private Process startOtherInstance(Map<String, String> config) throws IOException {
        Properties props = new Properties();
        props.putAll(config);
        props.put("kafka.state.dir", dir.resolve("other").toString());
        Path file = dir.resolve("other.properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, "failover test: second instance");
        }
        String java = ChildProcesses.currentJava();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ScoringApplication.class.getName(), file.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "failover-other-instance.log").toFile())
                .start();
    }
}
