package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Pages of {@code GET /accounts/{id}/timeline}: entries per page without {@code limit}, and the most allowed. */
@ConfigurationProperties("api.timeline")
public record TimelineConfig(int defaultLimit, int maxLimit) {
}
