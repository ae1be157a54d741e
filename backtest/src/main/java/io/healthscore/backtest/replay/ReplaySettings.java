package io.healthscore.backtest.replay;

import java.time.Duration;

/**
 * How the replay runs the topology: the punctuator period in stream time and the accounts re-evaluated per
 * punctuation. Defaults: every hour of log time, 500 accounts per run (the live default slice), so a silent account
 * is re-evaluated at least hourly up to 12,000 accounts and its score decays as it would live.
 */
public record ReplaySettings(Duration evaluationInterval, int evaluationSliceSize) {

    public ReplaySettings {
        if (evaluationInterval.isZero() || evaluationInterval.isNegative()) {
            throw new IllegalArgumentException("evaluation interval must be positive");
        }
        if (evaluationSliceSize < 1) {
            throw new IllegalArgumentException("evaluation slice size must be at least 1");
        }
    }

    public static ReplaySettings defaults() {
        return new ReplaySettings(Duration.ofHours(1), 500);
    }
}
