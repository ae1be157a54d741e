package io.healthscore.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How long a request may wait for Kafka ({@code ingest.publish.*}): {@code timeout} bounds the whole publish
 * (serialization, send, acknowledgements) and is also the producer's max.block.ms and delivery.timeout.ms;
 * {@code retryAfter} is what a 503 tells the client.
 */
@ConfigurationProperties("ingest.publish")
public record PublishSettings(Duration timeout, Duration retryAfter, int lingerMs) {
}
