package io.healthscore.scoring.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * Accepts an event when now - lateGrace &le; occurredAt &le; min(receivedAt, now) + maxFutureSkew; otherwise
 * rejects it with a reason naming both instants. Events within the grace land in the day bucket they occurred
 * on, so a late event changes the score as if it had arrived on time.
 */
public final class EventTimeGate {

    private final Duration lateGrace;
    private final Duration maxFutureSkew;

    public EventTimeGate(Duration lateGrace, Duration maxFutureSkew) {
        this.lateGrace = lateGrace;
        this.maxFutureSkew = maxFutureSkew;
    }

    public void check(Instant occurredAt, Instant receivedAt, long nowMillis) {
        long occurred = occurredAt.toEpochMilli();
        long skew = maxFutureSkew.toMillis();
        if (occurred > receivedAt.toEpochMilli() + skew) {
            throw new InputRejectedException("occurredAt " + occurredAt + " is more than " + maxFutureSkew
                    + " after receivedAt " + receivedAt + " (event from the future)");
        }
        if (occurred > nowMillis + skew) {
            throw new InputRejectedException("occurredAt " + occurredAt + " is more than " + maxFutureSkew
                    + " after now " + Instant.ofEpochMilli(nowMillis) + " (event from the future)");
        }
        if (occurred < nowMillis - lateGrace.toMillis()) {
            throw new InputRejectedException("occurredAt " + occurredAt + " is more than " + lateGrace
                    + " before now " + Instant.ofEpochMilli(nowMillis) + " (later than the grace period)");
        }
    }
}
