package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * The touch-point publisher ({@code signals.*}): every {@code pollInterval} it sends up to {@code batchSize} due
 * rows of the signal outbox to account-signals, waiting at most {@code sendTimeout} for the broker; a row the broker
 * did not take is tried again after {@code initialBackoff}, doubling up to {@code maxBackoff}, for as long as it
 * takes (a touch-point is never dropped). {@code autoRegister}: whether the AccountSignal schema is registered
 * on first use (as ingest does) or must already be in the registry.
 */
@ConfigurationProperties("signals")
public record SignalConfig(boolean enabled, Duration pollInterval, int batchSize, Duration sendTimeout,
                           Duration initialBackoff, Duration maxBackoff, boolean autoRegister) {
}
