package io.healthscore.alert.intake;

import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.avro.LevelTransition;
import jakarta.inject.Singleton;

/** Stores level transitions for account timelines (the alerts they cause arrive on churn-risk-alerts). */
@Singleton
public final class TransitionIntake implements RecordHandler<LevelTransition> {

    private final Database db;
    private final HistoryRepository history;

    public TransitionIntake(Database db, HistoryRepository history) {
        this.db = db;
        this.history = history;
    }

    @Override
    public void handle(String key, LevelTransition transition, int partition, long offset) {
        if (transition == null) {
            return;
        }
        RecordValues.check(transition);
        db.inTransaction(c -> history.insertTransition(c, transition));
    }
}
