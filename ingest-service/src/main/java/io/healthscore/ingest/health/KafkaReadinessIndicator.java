package io.healthscore.ingest.health;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** Readiness: DOWN while Kafka cannot be reached, so a load balancer stops sending events we could not store. */
@Singleton
@Readiness
public class KafkaReadinessIndicator implements HealthIndicator {

    private final ClusterProbe probe;

    public KafkaReadinessIndicator(ClusterProbe probe) {
        this.probe = probe;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        // The probe answers from its last scheduled check, so this never blocks the event loop.
        return Publishers.just(HealthResult.builder("kafka", probe.reachable() ? HealthStatus.UP : HealthStatus.DOWN)
                .build());
    }
}
