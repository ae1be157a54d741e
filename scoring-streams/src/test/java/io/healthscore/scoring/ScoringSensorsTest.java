package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/**
 * The processor's own sensors, as Kafka Streams reports them (and /prometheus shows them as
 * kafka_stream_scoring_*): events scored, duplicates dropped, dead letters by reason, evaluations by cause,
 * outputs emitted, sweep time.
 */
class ScoringSensorsTest {

    @Test
    void eventsDuplicatesDeadLettersEvaluationsAndOutputsAreCounted() {
        try (ScoringDriver d = new ScoringDriver(ScoringDriver.everyEvaluationPublished())) {
            // Given two logins, one of them delivered twice, one event that cannot be scored, and a sweep
            d.login("acme", "u1");
            UsageEvent twice = UsageEvent.newBuilder().setMessageId("m-twice").setAccountId("acme").setUserId("u2")
                    .setType(UsageEventType.LOGIN).setOccurredAt(d.now()).setReceivedAt(d.now()).setSource("test")
                    .build();
            d.pipe(twice);
            d.pipe(twice);
            d.pipe(UsageEvent.newBuilder(twice).setMessageId("m-future")
                    .setOccurredAt(d.now().plus(Duration.ofDays(2))).build());
            d.advanceDays(1);

            // Then
            assertThat(total(d, "events-scored-total")).isEqualTo(2.0);
            assertThat(total(d, "duplicates-dropped-total")).isEqualTo(1.0);
            assertThat(total(d, "dead-letters-rejected-input-total")).isEqualTo(1.0);
            assertThat(total(d, "evaluations-event-total")).isEqualTo(2.0);
            assertThat(total(d, "evaluations-sweep-total")).isGreaterThanOrEqualTo(1.0);
            assertThat(total(d, "scores-emitted-total")).isEqualTo((double) d.scores().size());
            assertThat(total(d, "sweep-total")).isGreaterThanOrEqualTo(1.0);
        }
    }

    private static double total(ScoringDriver d, String name) {
        Map<MetricName, ? extends Metric> metrics = d.driver.metrics();
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-scoring-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
}
