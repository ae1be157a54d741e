package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Alert-fatigue controls: an alert for the same account and rule within {@code cooldown} of an earlier one is
 * stored but not acted on unless its severity is higher; with {@code suspectedByDigest} the CSM email of a
 * SUSPECTED alert is left to the daily digest.
 */
@ConfigurationProperties("noise")
public record NoiseConfig(Duration cooldown, boolean suspectedByDigest) {
}
