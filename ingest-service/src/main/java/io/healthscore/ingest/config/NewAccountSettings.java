package io.healthscore.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The cap on accounts a source may introduce ({@code ingest.new-accounts.*}): {@code perSourcePerHour} unless the
 * source sets its own {@code ingest.sources.<name>.new-accounts-per-hour}; {@code loadFromTopics} reads the
 * accounts the pipeline knows from the compacted account-profiles and health-scores-latest topics at start-up
 * (readiness is DOWN until then).
 */
@ConfigurationProperties("ingest.new-accounts")
public record NewAccountSettings(int perSourcePerHour, boolean loadFromTopics) {
}
