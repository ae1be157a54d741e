package io.healthscore.scoring.model;

/**
 * Score bands: LV1 &lt; lv2 &le; LV2 &lt; lv3 &le; LV3 &lt; lv4 &le; LV4, and the hysteresis margin (default 3 points)
 * by which a score must cross a boundary to change level. Uncalibrated (no {@code calibration}, the default), the
 * bands are fixed score ranges (40 / 60 / 80) rising strictly within 0..100 and say nothing about risk. Calibrated,
 * the boundaries are where the fitted churn risk falls below each band, so each level means a risk band; they may
 * then be equal (an empty level) or 0 (an empty LV1).
 *
 * @param calibration the fitted score &rarr; risk mapping, or null when the levels are uncalibrated
 */
public record LevelThresholds(double lv2, double lv3, double lv4, double hysteresis, RiskCalibration calibration) {

    public LevelThresholds {
        boolean rising = calibration == null ? 0 < lv2 && lv2 < lv3 && lv3 < lv4 && lv4 <= 100
                : 0 <= lv2 && lv2 <= lv3 && lv3 <= lv4 && lv4 <= 100;
        if (!rising) {
            throw new IllegalArgumentException("level thresholds must rise " + (calibration == null ? "strictly " : "")
                    + "within 0..100, got " + lv2 + " / " + lv3 + " / " + lv4);
        }
        if (hysteresis < 0) {
            throw new IllegalArgumentException("hysteresis must not be negative, got " + hysteresis);
        }
    }

    /** Uncalibrated score bands. */
    public LevelThresholds(double lv2, double lv3, double lv4, double hysteresis) {
        this(lv2, lv3, lv4, hysteresis, null);
    }

    public static LevelThresholds defaults() {
        return new LevelThresholds(40, 60, 80, 3);
    }

    /** The boundaries that make each level the calibration's risk band, with this hysteresis. */
    public static LevelThresholds calibrated(RiskCalibration calibration, double hysteresis) {
        double[] b = calibration.boundaries();
        return new LevelThresholds(b[0], b[1], b[2], hysteresis, calibration);
    }

    public boolean isCalibrated() {
        return calibration != null;
    }

    /** The calibrated P(churn within the horizon) at this score, rounded to 0.001; null when uncalibrated. */
    public Double riskAt(double score) {
        return calibration == null ? null : Math.round(calibration.risk(score) * 1000) / 1000.0;
    }

    /** The lower bound of a level index 0..3 (LV1 has 0). */
    public double lowerBound(int levelIndex) {
        return switch (levelIndex) {
            case 0 -> 0;
            case 1 -> lv2;
            case 2 -> lv3;
            default -> lv4;
        };
    }
}
