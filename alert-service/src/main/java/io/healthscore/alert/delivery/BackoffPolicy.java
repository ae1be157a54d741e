package io.healthscore.alert.delivery;

import io.healthscore.alert.config.DeliveryConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try again after failed attempt {@code n} (1-based): {@code min(initial * multiplier^(n-1), max)} later,
 * or never once {@code delivery.max-attempts} attempts have failed.
 */
@Singleton
public final class BackoffPolicy {

    private final DeliveryConfig config;

    public BackoffPolicy(DeliveryConfig config) {
        this.config = config;
    }

    public Optional<Instant> nextAttempt(int failedAttempts, Instant now) {
        if (failedAttempts >= config.maxAttempts()) {
            return Optional.empty();
        }
        return Optional.of(now.plus(delay(failedAttempts)));
    }

    public Duration delay(int failedAttempts) {
        double millis = config.initialBackoff().toMillis() * Math.pow(config.backoffMultiplier(), failedAttempts - 1);
        return Duration.ofMillis((long) Math.min(millis, config.maxBackoff().toMillis()));
    }
}
