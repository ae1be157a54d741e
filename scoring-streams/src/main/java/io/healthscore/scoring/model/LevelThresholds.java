package io.healthscore.scoring.model;

/**
 * Score bands: LV1 &lt; lv2 &le; LV2 &lt; lv3 &le; LV3 &lt; lv4 &le; LV4 (defaults 40 / 60 / 80), and the hysteresis
 * margin (default 3 points) by which a score must cross a boundary to change level.
 */
public record LevelThresholds(double lv2, double lv3, double lv4, double hysteresis) {

    public LevelThresholds {
        if (!(0 < lv2 && lv2 < lv3 && lv3 < lv4 && lv4 <= 100)) {
            throw new IllegalArgumentException("level thresholds must rise strictly within 0..100, got "
                    + lv2 + " / " + lv3 + " / " + lv4);
        }
        if (hysteresis < 0) {
            throw new IllegalArgumentException("hysteresis must not be negative, got " + hysteresis);
        }
    }

    public static LevelThresholds defaults() {
        return new LevelThresholds(40, 60, 80, 3);
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
