package io.healthscore.scoring.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Kafka Streams' own metrics on {@code /prometheus} (process and commit rates and latencies, records lag per
 * partition, state store sizes and latencies, restore progress, the client's state), with the topology's own
 * sensors ({@code stream-scoring-metrics}: events scored, duplicates dropped, dead letters by reason, evaluations by
 * cause, scores/transitions/alerts emitted, sweep duration), which Streams reports among its metrics.
 */
@Context
public final class StreamsMetricsBinder {

    private final KafkaStreamsMetrics metrics;

    public StreamsMetricsBinder(KafkaStreams streams, MeterRegistry registry) {
        this.metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
    }

    @PreDestroy
    void close() {
        metrics.close();
    }
}
