package io.healthscore.backtest.metrics;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.replay.AccountTimeline;
import io.healthscore.backtest.replay.ReplayObservations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every (account, midnight) of the evaluation window at which the account was still a customer, had a score, and
 * the log tells whether it churned within the horizon after. The base for churn rate per level, the
 * any-day AUC and the weight fit.
 */
public final class SnapshotSet {

    private SnapshotSet() {
    }

    public static List<Snapshot> build(ReplayObservations observations, Map<String, Long> churnAt,
                                       EvaluationWindow window) {
        List<Snapshot> snapshots = new ArrayList<>();
        List<AccountTimeline> timelines = new ArrayList<>(observations.timelines());
        timelines.sort(Comparator.comparing(AccountTimeline::account));
        ScoreComponent[] all = ScoreComponent.values();
        for (AccountTimeline t : timelines) {
            Long churn = churnAt.get(t.account());
            for (long day = window.firstDay(); day <= window.lastDay(); day++) {
                long midnight = day * EvaluationWindow.DAY_MS;
                double score = t.scoreOn(day);
                if (Double.isNaN(score) || (churn != null && churn <= midnight)) {
                    continue;
                }
                Outcome outcome = Outcome.after(midnight, churn, window);
                if (outcome == Outcome.UNKNOWN) {
                    continue;
                }
                double[] components = new double[all.length];
                for (ScoreComponent c : all) {
                    components[c.ordinal()] = t.componentOn(day, c);
                }
                snapshots.add(new Snapshot(t.account(), day, score, t.levelOn(day), components,
                        outcome == Outcome.CHURNED, t));
            }
        }
        return snapshots;
    }
}
