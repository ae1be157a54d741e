package io.healthscore.scoring.model;

/**
 * Thresholds of the RISK_RISE rule, read only under calibrated levels: the calibrated churn risk now against the
 * risk at the score the account had {@code windowDays} days ago. It fires when the risk rose by at least
 * {@code minRise} over that window and now stands at {@code imminent} or more (IMMINENT), else at {@code suspected}
 * or more (SUSPECTED). Defaults: 7 days, a rise of 0.10, 0.25 / 0.5 (all risks are P(churn within the
 * calibration's horizon), 0..1).
 */
public record RiskRiseThresholds(int windowDays, double minRise, double suspected, double imminent) {

    /** The daily scores an account keeps reach 10 days back; 7 leaves room for days without an evaluation. */
    public static final int MAX_WINDOW_DAYS = 7;
    public static final int MIN_WINDOW_DAYS = 1;

    public RiskRiseThresholds {
        if (windowDays < MIN_WINDOW_DAYS || windowDays > MAX_WINDOW_DAYS) {
            throw new IllegalArgumentException("windowDays must be " + MIN_WINDOW_DAYS + ".." + MAX_WINDOW_DAYS
                    + ", got " + windowDays);
        }
        if (!(minRise > 0 && minRise <= 1)) {
            throw new IllegalArgumentException("minRise must be in (0, 1], got " + minRise);
        }
        if (!(suspected > 0 && suspected <= 1 && imminent > 0 && imminent <= 1)) {
            throw new IllegalArgumentException("thresholds must be in (0, 1], got " + suspected + " / " + imminent);
        }
        if (imminent < suspected) {
            throw new IllegalArgumentException("imminent must be at least suspected");
        }
    }

    public static RiskRiseThresholds defaults() {
        return new RiskRiseThresholds(7, 0.10, 0.25, 0.5);
    }

    public RiskRiseThresholds withThresholds(double newSuspected, double newImminent) {
        return new RiskRiseThresholds(windowDays, minRise, newSuspected, newImminent);
    }
}
