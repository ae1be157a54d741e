package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** The console's own settings: how long an open alert may wait for acknowledgement before it counts as overdue. */
@ConfigurationProperties("console")
public record ConsoleConfig(Duration acknowledgeWithin) {
}
