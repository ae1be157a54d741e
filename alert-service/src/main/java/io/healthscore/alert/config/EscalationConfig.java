package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Escalation to the CSM: within {@code window} after a tech-touch action, a lower score or an IMMINENT alert for
 * the same account escalates once, with the account's history: its latest {@code maxAlerts} alerts,
 * {@code maxDeliveries} deliveries and {@code maxScores} scores (escalation runs inside the intake transaction,
 * so what it reads is bounded however long the account's history is).
 */
@ConfigurationProperties("escalation")
public record EscalationConfig(boolean enabled, Duration window, int maxAlerts, int maxDeliveries, int maxScores) {
}
