package io.healthscore.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How far an event time may lie from the time of receipt ({@code ingest.event-time.*}): at most
 * {@code maxFutureSkew} ahead (clock skew of the sender) and at most {@code maxAge} behind (older events would
 * fall outside every scoring window and outlive the topic's retention).
 */
@ConfigurationProperties("ingest.event-time")
public record EventTimeRules(Duration maxFutureSkew, Duration maxAge) {
}
