package io.healthscore.alert.store;

import io.healthscore.alert.config.RetentionConfig;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the score history in PostgreSQL to {@code retention.scores} (400 days by default): every
 * {@code retention.prune-interval} it deletes scores evaluated before now minus that, oldest first, in
 * transactions of at most {@code retention.batch-size} rows, so neither the intake nor readers wait on one long
 * delete. Several instances may run it; they only share the work.
 */
@Singleton
public final class ScoreRetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreRetentionJob.class);

    private final RetentionConfig config;
    private final Database db;
    private final HistoryRepository history;
    private final Clock clock;

    public ScoreRetentionJob(RetentionConfig config, Database db, HistoryRepository history, Clock clock) {
        this.config = config;
        this.db = db;
        this.history = history;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${retention.prune-interval}", initialDelay = "${retention.prune-interval}")
    void scheduled() {
        if (config.enabled()) {
            try {
                prune(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Score retention failed, next run tries again: {}", e.getMessage());
            }
        }
    }

    /** Deletes the scores older than the retention at {@code now}, batch by batch. @return how many */
    public int prune(Instant now) {
        Instant cutoff = now.minus(config.scores());
        int deleted = 0;
        int batch;
        do {
            batch = db.inTransaction(c -> history.deleteScoresBefore(c, cutoff, config.batchSize()));
            deleted += batch;
        } while (batch == config.batchSize());
        if (deleted > 0) {
            LOG.info("Deleted {} health scores evaluated before {}", deleted, cutoff);
        }
        return deleted;
    }
}
