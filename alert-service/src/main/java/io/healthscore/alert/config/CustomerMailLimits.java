package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * How many customer emails may be queued within {@code window}: at most {@code perRecipient} to one address
 * (over all accounts) and {@code perAccount} for one account. Counted from the outbox when a row is written.
 */
@ConfigurationProperties("mail.customer-limits")
public record CustomerMailLimits(int perRecipient, int perAccount, Duration window) {
}
