package io.healthscore.alert.intake;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Readiness: DOWN when a Kafka intake lane is not running (alerts would pile up unseen), with each lane's state as
 * the detail, e.g. {@code "alerts": "stopped by java.lang.OutOfMemoryError: Java heap space"}.
 */
@Singleton
@Readiness
@Requires(beans = {HealthEndpoint.class, IntakeListener.class})
public final class IntakeHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final IntakeListener intake;

    public IntakeHealthIndicator(IntakeListener intake) {
        this.intake = intake;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        boolean running = intake.isRunning();
        healthStatus = running ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("running", running, "lanes", intake.laneStates());
    }

    @Override
    protected String getName() {
        return "kafka-intake";
    }
}
