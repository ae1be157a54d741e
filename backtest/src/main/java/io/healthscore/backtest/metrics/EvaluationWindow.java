package io.healthscore.backtest.metrics;

/**
 * The part of the log that is measured. Samples are taken at UTC midnights from {@code firstDay} (the log's first
 * day plus the warm-up, while the 28-day windows fill) to {@code lastDay} (the last midnight within the log).
 * {@code horizonDays} is how far ahead "will churn" looks: a sample or alert is a hit when its account churns
 * within that many days, and is left out when the log ends before that could be known.
 */
public record EvaluationWindow(long logStart, long logEnd, int warmupDays, int horizonDays) {

    public static final long DAY_MS = 86_400_000L;

    public EvaluationWindow {
        if (logEnd < logStart) {
            throw new IllegalArgumentException("the log ends before it starts");
        }
        if (warmupDays < 0 || horizonDays < 1) {
            throw new IllegalArgumentException("warm-up must be >= 0 days and the horizon >= 1 day");
        }
    }

    public long firstDay() {
        return Math.floorDiv(logStart, DAY_MS) + 1 + warmupDays;
    }

    public long lastDay() {
        return Math.floorDiv(logEnd, DAY_MS);
    }

    public long warmupEnd() {
        return firstDay() * DAY_MS;
    }

    public long horizonMs() {
        return horizonDays * DAY_MS;
    }

    public double logDays() {
        return (logEnd - logStart) / (double) DAY_MS;
    }

    /** The midnight at or before {@code time}, as an epoch day. */
    public static long midnightAtOrBefore(long time) {
        return Math.floorDiv(time, DAY_MS);
    }
}
