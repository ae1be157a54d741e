package io.healthscore.scoring.score;

import io.healthscore.avro.HealthLevel;
import io.healthscore.scoring.model.LevelThresholds;

/**
 * Level with hysteresis margin m: without a previous level, the band the score falls in. From level L the
 * account rises to the highest level K &gt; L with score &ge; lower(K) + m, or falls to the lowest level K &lt; L
 * with score &lt; lower(K + 1) - m; otherwise it stays at L. So a score wobbling around a boundary does not flap.
 * The bounds are the model's: fixed score bands, or, in a calibrated model, the scores where the fitted churn risk
 * falls below each level's band (an empty calibrated level is never entered: its bounds coincide).
 */
public final class LevelHysteresis {

    private final LevelThresholds thresholds;

    public LevelHysteresis(LevelThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public HealthLevel levelFor(double score, HealthLevel previous) {
        if (previous == null) {
            return band(score);
        }
        int from = previous.ordinal();
        double m = thresholds.hysteresis();
        for (int k = 3; k > from; k--) {
            if (score >= thresholds.lowerBound(k) + m) {
                return HealthLevel.values()[k];
            }
        }
        for (int k = 0; k < from; k++) {
            if (score < thresholds.lowerBound(k + 1) - m) {
                return HealthLevel.values()[k];
            }
        }
        return previous;
    }

    private HealthLevel band(double score) {
        for (int k = 3; k > 0; k--) {
            if (score >= thresholds.lowerBound(k)) {
                return HealthLevel.values()[k];
            }
        }
        return HealthLevel.LV1;
    }
}
