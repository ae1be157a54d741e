package io.healthscore.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Per-source token bucket ({@code ingest.rate-limit.*}): each request takes one token; the bucket holds
 * {@code burst} tokens and refills at {@code requestsPerSecond}.
 */
@ConfigurationProperties("ingest.rate-limit")
public record RateLimitSettings(double requestsPerSecond, int burst) {
}
