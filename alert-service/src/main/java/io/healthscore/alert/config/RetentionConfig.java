package io.healthscore.alert.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * How long health scores are kept in PostgreSQL: scores evaluated more than {@code scores} ago are deleted every
 * {@code pruneInterval}, at most {@code batchSize} rows per transaction, so pruning never holds long locks.
 */
@ConfigurationProperties("retention")
public record RetentionConfig(boolean enabled, Duration scores, Duration pruneInterval, int batchSize) {
}
