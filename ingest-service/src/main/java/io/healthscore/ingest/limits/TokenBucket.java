package io.healthscore.ingest.limits;

/**
 * A token bucket: holds at most {@code capacity} tokens and refills at {@code tokensPerNano}. Not thread-safe on
 * its own; {@link Admission} takes its lock around every use, so a request's checks and takes are one step.
 */
final class TokenBucket {

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long refilledAt;

    TokenBucket(double capacity, double tokensPerSecond, long now) {
        this.capacity = capacity;
        this.tokensPerNano = tokensPerSecond / 1e9;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** 0 when {@code n} tokens are there now, else nanoseconds until they will be. */
    long waitFor(double n, long now) {
        refill(now);
        if (tokens >= n) {
            return 0;
        }
        return (long) Math.ceil((n - tokens) / tokensPerNano);
    }

    /** Takes {@code n} tokens; call only after {@link #waitFor} answered 0 at the same instant. */
    void take(double n) {
        tokens -= n;
    }

    private void refill(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
    }
}
