package io.healthscore.alert.intake;

import io.healthscore.alert.escalation.Escalator;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.avro.HealthScore;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Stores health scores for timelines and checks whether a falling score escalates a tech-touched alert; a poll's
 * scores in one transaction ({@link #handleAll}), so that a burst commits (and announces itself to the console)
 * once per poll instead of once per score.
 */
@Singleton
public final class ScoreIntake implements BatchRecordHandler<HealthScore> {

    private final Database db;
    private final HistoryRepository history;
    private final Escalator escalator;
    private final Clock clock;

    public ScoreIntake(Database db, HistoryRepository history, Escalator escalator, Clock clock) {
        this.db = db;
        this.history = history;
        this.escalator = escalator;
        this.clock = clock;
    }

    @Override
    public void handle(String key, HealthScore score, int partition, long offset) {
        if (score == null) {
            return;
        }
        RecordValues.check(score);
        db.inTransaction(c -> {
            store(c, score);
            return null;
        });
    }

    @Override
    public void handleAll(java.util.List<HealthScore> scores) {
        scores.forEach(RecordValues::check);
        db.inTransaction(c -> {
            for (HealthScore score : scores) {
                store(c, score);
            }
            return null;
        });
    }

    private void store(java.sql.Connection c, HealthScore score) throws java.sql.SQLException {
        if (history.insertScore(c, score)) {
            escalator.onScore(c, score.getAccountId(), score.getScore(), score.getEvaluatedAt(), clock.instant());
        }
    }
}
