package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The daily digest per CSM: open alerts and renewals within {@code renewalHorizonDays} at risk (level at or
 * below {@code atRiskLevel}), at most {@code maxAlerts} and {@code maxRenewals} of them listed, with how many more
 * there are. {@code zone} decides which calendar day a digest belongs to.
 */
@ConfigurationProperties("digest")
public record DigestConfig(boolean enabled, int renewalHorizonDays, String atRiskLevel, String zone, int maxAlerts,
                           int maxRenewals) {
}
