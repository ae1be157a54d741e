package io.healthscore.alert.erasure;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Erasure settings ({@code erasure.*}): {@code quarantine} is how long after an erasure the intake drops records of
 * the erased account that were already on their way (scores and alerts scoring produced before it read the
 * erasure); after it, records of that id are a new account's.
 */
@ConfigurationProperties("erasure")
public record ErasureConfig(Duration quarantine) {
}
