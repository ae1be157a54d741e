package io.healthscore.e2e.demo;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.e2e.observe.PipelineRecord;
import io.healthscore.e2e.time.CompressedClock;
import io.healthscore.schemas.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The open-ended demo ({@code ./healthscore demo} without {@code --duration}), run past the point where its clock
 * used to break: once compressed time had passed the wall clock by an hour, the broker refused every output of
 * scoring. Now the clock keeps the wall clock's time from the catch-up on, and the product keeps sending at
 * real time, so scores, transitions and alerts still come out, none stamped ahead of the wall clock and none
 * refused into a dead-letter topic. At 240 days per minute the demo's 61-odd days of past take about 16 s.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OpenEndedDemoIT {

    /** How far past the catch-up the test looks: the old clock would have been 80 days ahead by then. */
    private static final Duration PAST_THE_OLD_BREAK = Duration.ofSeconds(20);
    private static final TopicNames TOPICS = TopicNames.defaults();

    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "open-ended-demo"));
    private DemoRun run;

    @AfterEach
    void stop() throws InterruptedException {
        runner.shutdownNow();
        if (run != null) {
            run.close();
        }
        runner.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void scoresTransitionsAndAlertsKeepComingOutAfterTheClockHasCaughtUpWithTheWallClock() throws Exception {
        // Given the open-ended demo, on a small customer base at the fastest compression
        Path repoRoot = Path.of(System.getProperty("healthscore.repo.root"));
        Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "open-ended-demo-");
        run = new DemoRun(DemoOptions.parse(new String[] {"--accounts", "40", "--days-per-minute", "240"}),
                repoRoot, workDir, System.out);
        Future<?> demo = runner.submit(() -> {
            run.run();
            return null;
        });

        // When its clock has run past the catch-up, to where the old clock was far ahead of the broker's
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(demo.isDone()).as("the demo is still running").isFalse();
            CompressedClock clock = run.clock();
            return clock != null && clock.catchUpAt()
                    .map(at -> Instant.now().isAfter(at.plus(PAST_THE_OLD_BREAK))).orElse(false);
        });
        CompressedClock clock = run.clock();
        Instant since = Instant.now();
        assertThat(clock.instant()).isBetween(since.minusSeconds(1), since.plusSeconds(1));

        // Then new scores, transitions and alerts come out, stamped with the real time
        PipelineRecord record = run.observer().record();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(scoresSince(record, since)).as("scores evaluated after %s", since).isNotEmpty();
            assertThat(record.transitions().stream().filter(t -> !t.getTransitionedAt().isBefore(since)).toList())
                    .as("transitions after %s", since).isNotEmpty();
            assertThat(record.alerts().stream().filter(a -> !a.getRaisedAt().isBefore(since)).toList())
                    .as("alerts raised after %s", since).isNotEmpty();
        });
        Instant checked = Instant.now();
        assertThat(record.alerts()).extracting(ChurnRiskAlert::getRaisedAt).allMatch(t -> !t.isAfter(checked));
        assertThat(scoresSince(record, Instant.EPOCH)).extracting(HealthScore::getEvaluatedAt)
                .allMatch(t -> !t.isAfter(checked));

        // And Kafka took every output: no record ahead of the wall clock, nothing refused into a dead-letter topic
        Map<String, List<ConsumerRecord<byte[], byte[]>>> written = readAll(run.kafkaBootstrap(), List.of(
                TOPICS.healthScores(), TOPICS.levelTransitions(), TOPICS.churnRiskAlerts(), TOPICS.healthScoresLatest(),
                TOPICS.healthScores() + TOPICS.dlqSuffix(), TOPICS.levelTransitions() + TOPICS.dlqSuffix(),
                TOPICS.churnRiskAlerts() + TOPICS.dlqSuffix(), TOPICS.healthScoresLatest() + TOPICS.dlqSuffix()));
        Instant read = Instant.now();
        for (String output : List.of(TOPICS.healthScores(), TOPICS.levelTransitions(), TOPICS.churnRiskAlerts())) {
            assertThat(written.get(output)).as(output).isNotEmpty();
            assertThat(written.get(output)).as(output + " timestamps")
                    .allMatch(r -> r.timestamp() <= read.toEpochMilli());
            assertThat(written.get(output + TOPICS.dlqSuffix())).as(output + TOPICS.dlqSuffix()).isEmpty();
        }
        assertThat(written.get(TOPICS.healthScoresLatest() + TOPICS.dlqSuffix())).isEmpty();
        assertThat(demo.isDone()).as("the demo is still running").isFalse();
    }

    private static List<HealthScore> scoresSince(PipelineRecord record, Instant since) {
        List<HealthScore> scores = new ArrayList<>();
        for (String account : record.latestLevels().keySet()) {
            record.scoresOf(account).stream().filter(s -> !s.getEvaluatedAt().isBefore(since)).forEach(scores::add);
        }
        return scores;
    }

    /** Every record on the topics up to their current end, as Kafka stores them (timestamps included). */
    private static Map<String, List<ConsumerRecord<byte[], byte[]>>> readAll(String bootstrap, List<String> topics) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<String, List<ConsumerRecord<byte[], byte[]>>> out = new java.util.HashMap<>();
            topics.forEach(t -> out.put(t, new ArrayList<>()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> out.get(r.topic()).add(r));
            }
            return out;
        }
    }
}
