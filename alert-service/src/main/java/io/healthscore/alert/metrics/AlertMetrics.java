package io.healthscore.alert.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/**
 * The service's Prometheus meters: alerts taken in (by outcome), intake retries, records dead-lettered, records of
 * just-erased accounts dropped, delivery attempts by channel and outcome, retries, customer emails held back by a
 * send limit, and the age of the oldest waiting outbox row (registered by the delivery worker).
 */
@Singleton
public final class AlertMetrics {

    private final MeterRegistry registry;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param outcome new, replayed, suppressed */
    public void alertIn(String outcome) {
        registry.counter("healthscore.alerts.in", "outcome", outcome).increment();
    }

    public void recordIn(String topic) {
        registry.counter("healthscore.intake.records", "topic", topic).increment();
    }

    /** A record could not be stored for a transient reason (database, registry) and will be read again. */
    public void intakeRetry(String topic) {
        registry.counter("healthscore.intake.retries", "topic", topic).increment();
    }

    public void deadLettered(String topic) {
        registry.counter("healthscore.intake.dead.lettered", "topic", topic).increment();
    }

    /** A record of an account erased moments ago, dropped instead of stored. */
    public void droppedAfterErasure(String topic) {
        registry.counter("healthscore.intake.dropped.erased", "topic", topic).increment();
    }

    /** @param outcome delivered, retry, dead */
    public void delivery(String channel, String outcome) {
        registry.counter("healthscore.deliveries", "channel", channel, "outcome", outcome).increment();
    }

    /** A customer email stored SKIPPED because a send limit was reached. @param limit recipient, account */
    public void customerEmailLimited(String limit) {
        registry.counter("healthscore.customer.emails.limited", "limit", limit).increment();
    }

    public void retry(String channel) {
        registry.counter("healthscore.delivery.retries", "channel", channel).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
