package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.schemas.Topic;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A burst of scores (a backfill, a restarted scoring instance catching up) must not hold back an alert that
 * arrives in the middle of it: the alert is stored while most of the burst is still waiting to be stored.
 */
@ExtendWith(LocalStackExtension.class)
class ScoreBurstIT {

    private static final int BURST = 40_000;

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) throws Exception {
        service = AlertServiceFixture.prepare(stack, "burst_it", Map.of());
        sql = new Sql(service.jdbcUrl);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        Topic<String, io.healthscore.avro.HealthScore> scores = service.topics.healthScores();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < BURST; i++) {
                String account = "burst-" + i;
                byte[] value = scores.valueSerde().serializer().serialize(scores.name(),
                        Records.score(account, 40 + i % 50, Records.T0.plusSeconds(i)));
                producer.send(new ProducerRecord<>(scores.name(), account.getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
        service.startService();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anAlertIsStoredWhileABurstOfScoresIsStillBeingStored() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> sql.count("SELECT count(*) FROM health_scores") > 0);
        long first = System.nanoTime();

        service.send(service.topics.churnRiskAlerts(), "acct-urgent", Records.alert("alert-urgent", "acct-urgent",
                AlertRule.PAYMENT_FAILED, Severity.SUSPECTED, CoverageModel.LOW_TOUCH).build());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> sql.count("SELECT count(*) FROM alerts WHERE alert_id = 'alert-urgent'") == 1);
        long scoresStored = sql.count("SELECT count(*) FROM health_scores");
        assertThat(scoresStored).as("scores stored when the alert was").isLessThan(BURST / 4);
        // And the burst is not lost either: every score is stored in the end.
        await().atMost(Duration.ofSeconds(180)).until(() -> sql.count("SELECT count(*) FROM health_scores") == BURST);
        // How fast the scores lane stored it, from the first score seen stored to the last (polled every 100 ms).
        double seconds = (System.nanoTime() - first) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "ScoreBurstIT: %,d scores stored in %.1f s, %,.0f scores/s%n", BURST,
                seconds, BURST / seconds);
    }
}
