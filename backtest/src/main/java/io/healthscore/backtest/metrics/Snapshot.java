package io.healthscore.backtest.metrics;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.replay.AccountTimeline;

/**
 * An account as scored at one midnight, with whether it churned within the horizon after it. {@code components}
 * holds the eight component values in {@link ScoreComponent} order, NaN where the account had no data.
 */
public record Snapshot(String account, long day, double score, int level, double[] components, boolean churned,
                       AccountTimeline timeline) {

    public double component(ScoreComponent c) {
        return components[c.ordinal()];
    }
}
