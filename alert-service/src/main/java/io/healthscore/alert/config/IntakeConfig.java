package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * How the Kafka intake consumes: its consumer group, batch size, poll timeout and the pause before a record whose
 * storage failed for a transient reason (database or registry down) is tried again.
 */
@ConfigurationProperties("intake")
public record IntakeConfig(boolean enabled, String groupId, int maxPollRecords, Duration pollTimeout,
                           Duration retryBackoff) {
}
