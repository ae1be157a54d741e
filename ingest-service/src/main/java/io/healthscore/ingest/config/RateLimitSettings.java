package io.healthscore.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Rate limits in events, not requests ({@code ingest.rate-limit.*}): each usage event, signal, profile and Segment
 * call of a request takes one token. Per source a bucket of {@code burst} tokens refilled at
 * {@code eventsPerSecond}; per account (across sources) one of {@code accountBurst} refilled at
 * {@code accountEventsPerSecond}, kept for the {@code trackedAccounts} most recently active accounts.
 */
@ConfigurationProperties("ingest.rate-limit")
public record RateLimitSettings(double eventsPerSecond, int burst, double accountEventsPerSecond, int accountBurst,
                                int trackedAccounts) {
}
