package io.healthscore.scoring.model;

/**
 * Thresholds of the USAGE_DECLINE rule: the active user-days of the last {@code windowDays} complete days against
 * the {@code windowDays} before them. decline = 1 - recent / earlier; decline &ge; {@code imminent} IMMINENT, else
 * &ge; {@code suspected} SUSPECTED, judged only when the earlier window had at least {@code minUserDays} user-days
 * and the account was seen before it began. Defaults: 14 days, 0.35 / 0.6, 14 user-days.
 */
public record UsageDeclineThresholds(int windowDays, double suspected, double imminent, int minUserDays) {

    /** Two windows of at most 14 days fit in the 35 days of history an account keeps. */
    public static final int MAX_WINDOW_DAYS = 14;
    public static final int MIN_WINDOW_DAYS = 7;

    public UsageDeclineThresholds {
        if (windowDays < MIN_WINDOW_DAYS || windowDays > MAX_WINDOW_DAYS) {
            throw new IllegalArgumentException("windowDays must be " + MIN_WINDOW_DAYS + ".." + MAX_WINDOW_DAYS
                    + ", got " + windowDays);
        }
        if (!(suspected > 0 && suspected <= 1 && imminent > 0 && imminent <= 1)) {
            throw new IllegalArgumentException("thresholds must be in (0, 1], got " + suspected + " / " + imminent);
        }
        if (imminent < suspected) {
            throw new IllegalArgumentException("imminent must be at least suspected");
        }
        if (minUserDays < 1) {
            throw new IllegalArgumentException("minUserDays must be at least 1, got " + minUserDays);
        }
    }

    public static UsageDeclineThresholds defaults() {
        return new UsageDeclineThresholds(14, 0.35, 0.6, 14);
    }

    public UsageDeclineThresholds withThresholds(double newSuspected, double newImminent) {
        return new UsageDeclineThresholds(windowDays, newSuspected, newImminent, minUserDays);
    }
}
