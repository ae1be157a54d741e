package io.healthscore.scoring.health;

import io.healthscore.scoring.topology.ScoringTopology;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;

import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.reactivestreams.Publisher;

/** Ready when the streams are running and the account store answers on this instance (queries can be served). */
@Singleton
@Readiness
public final class StreamsReadiness implements HealthIndicator {

    private final KafkaStreams streams;

    public StreamsReadiness(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING && storeAnswers();
        return Publishers.just(HealthResult.builder("kafka-streams", up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("state", state.name(), "accountStore", up ? "answering" : "not answering"))
                .build());
    }

    private boolean storeAnswers() {
        try {
            streams.store(StoreQueryParameters.fromNameAndType(ScoringTopology.ACCOUNT_STORE,
                    QueryableStoreTypes.keyValueStore()));
            return true;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }
}
