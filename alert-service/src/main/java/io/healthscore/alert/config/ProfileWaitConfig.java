package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How long an alert read before its account's profile holds back its CSM and customer emails ({@code timeout}; 0 routes
 * at once, as if no profile would come), and how often expired waits are routed ({@code check-interval}).
 */
@ConfigurationProperties("routing.profile-wait")
public record ProfileWaitConfig(Duration timeout, Duration checkInterval) {
}
