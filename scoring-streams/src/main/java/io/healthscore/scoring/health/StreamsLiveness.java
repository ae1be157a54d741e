package io.healthscore.scoring.health;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;

import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * Alive until the streams have stopped or failed for good (ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN):
 * then only a restart helps. A rebalance or a restore is alive.
 */
@Singleton
@Liveness
public final class StreamsLiveness implements HealthIndicator {

    private final KafkaStreams streams;

    public StreamsLiveness(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        KafkaStreams.State state = streams.state();
        boolean alive = switch (state) {
            case CREATED, REBALANCING, RUNNING -> true;
            default -> false;
        };
        return Publishers.just(HealthResult.builder("kafka-streams-alive", alive ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("state", state.name())).build());
    }
}
