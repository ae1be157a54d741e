package io.healthscore.scoring.topology;

import io.healthscore.scoring.score.AccountClock;
import java.util.Map;

/**
 * When each recently used account was last evaluated (scoring clock), bounded like the decoded accounts. An event
 * that changes none of the score's inputs re-evaluates its account only when the last evaluation is older than
 * {@link #REEVALUATE_AFTER_MILLIS} or was on another day, so time-driven changes (days since the last login, say)
 * are never later than that behind; the punctuator re-evaluates silent accounts.
 */
final class RecentEvaluations {

    static final long REEVALUATE_AFTER_MILLIS = 60_000;

    private final Map<String, Long> evaluatedAt = new LeastRecentlyUsed<>(AccountStates.DECODED_ACCOUNTS_PER_TASK);

    /** Whether the account was evaluated less than a minute before {@code now}, on the same day. */
    boolean evaluatedRecently(String accountId, long now) {
        Long last = evaluatedAt.get(accountId);
        return last != null && now - last < REEVALUATE_AFTER_MILLIS && now >= last
                && AccountClock.epochDay(last) == AccountClock.epochDay(now);
    }

    void evaluated(String accountId, long now) {
        evaluatedAt.put(accountId, now);
    }

    void forget(String accountId) {
        evaluatedAt.remove(accountId);
    }

    void clear() {
        evaluatedAt.clear();
    }
}
