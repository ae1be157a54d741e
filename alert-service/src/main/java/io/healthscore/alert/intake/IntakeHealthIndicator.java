package io.healthscore.alert.intake;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;

/** Readiness: DOWN when the Kafka intake thread is not running (alerts would pile up unseen). */
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
        healthStatus = intake.isRunning() ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("running", intake.isRunning());
    }

    @Override
    protected String getName() {
        return "kafka-intake";
    }
}
