package io.healthscore.backtest.metrics;

/** Whether an account churned within the horizon after some moment, or the log cannot tell. */
public enum Outcome {
    CHURNED, STAYED, UNKNOWN;

    /**
     * @param churnAt the account's churn time, or null when it never churned in the log
     */
    public static Outcome after(long time, Long churnAt, EvaluationWindow window) {
        if (churnAt != null && churnAt > time && churnAt <= time + window.horizonMs()) {
            return CHURNED;
        }
        if (churnAt != null && churnAt > time + window.horizonMs()) {
            return STAYED;
        }
        if (churnAt == null && time + window.horizonMs() <= window.logEnd()) {
            return STAYED;
        }
        return UNKNOWN;
    }
}
