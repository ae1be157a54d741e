package io.healthscore.scoring.state;

/**
 * Bounds that keep one account's state small whatever its event rate. Defaults: 35 daily buckets (the 28-day
 * window plus the 7 days the trend baseline reaches back), 500 distinct users in the window kept exactly before
 * switching to per-day sketches, 20 open high-priority tickets, 20 failed payments, 10 days of score history (for the 7-day delta, with slack for days an account was not evaluated).
 */
public record StateLimits(int bucketDays, int exactUsers, int maxOpenTickets, int maxFailedPayments,
                          int scoreHistoryDays) {

    public StateLimits {
        if (bucketDays < 35) {
            throw new IllegalArgumentException("bucketDays must cover the 28-day window and the 7-day trend: >= 35");
        }
        if (exactUsers < 1 || maxOpenTickets < 1 || maxFailedPayments < 1 || scoreHistoryDays < 8) {
            throw new IllegalArgumentException("state limits must be positive (score history >= 8 days)");
        }
    }

    public static StateLimits defaults() {
        return new StateLimits(35, 500, 20, 20, 10);
    }
}
