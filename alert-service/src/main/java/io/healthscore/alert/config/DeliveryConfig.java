package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Outbox delivery: how many rows a worker claims per round, how often it looks, how long a claim (lease) lasts
 * before another worker may take the row over, and the retry schedule: attempt n waits
 * {@code min(initialBackoff * multiplier^(n-1), maxBackoff)}; after {@code maxAttempts} the delivery is DEAD.
 */
@ConfigurationProperties("delivery")
public record DeliveryConfig(boolean enabled, int batchSize, Duration pollInterval, Duration lease, int maxAttempts,
                             Duration initialBackoff, double backoffMultiplier, Duration maxBackoff,
                             Duration sendTimeout) {
}
