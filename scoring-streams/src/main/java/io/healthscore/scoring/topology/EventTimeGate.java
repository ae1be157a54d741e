package io.healthscore.scoring.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * Accepts an event when receivedAt &le; now + maxFutureSkew, receivedAt - lateGrace &le; occurredAt &le;
 * min(receivedAt, now) + maxFutureSkew and occurredAt &ge; now - window; otherwise rejects it with a reason naming the instants. Lateness is how late the
 * event reached the system (receivedAt - occurredAt), not how late it is processed: after an outage of scoring
 * itself, the backlog of events that arrived on time still counts. Events within the grace land in the day
 * bucket they occurred on, so a late event changes the score as if it had arrived on time.
 */
public final class EventTimeGate {

    private final Duration lateGrace;
    private final Duration maxFutureSkew;
    private final Duration window;

    public EventTimeGate(Duration lateGrace, Duration maxFutureSkew, Duration window) {
        this.lateGrace = lateGrace;
        this.maxFutureSkew = maxFutureSkew;
        this.window = window;
    }

    /** Both instants must lie within {@code ValueBounds} already ({@link InputBounds}), so nothing here overflows. */
    public void check(Instant occurredAt, Instant receivedAt, long nowMillis) {
        checkNotAhead("receivedAt", receivedAt, nowMillis, "a record from the future");
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
        if (occurred < receivedAt.toEpochMilli() - lateGrace.toMillis()) {
            throw new InputRejectedException("occurredAt " + occurredAt + " is more than " + lateGrace
                    + " before receivedAt " + receivedAt + " (reached us later than the grace period)");
        }
        if (occurred < nowMillis - window.toMillis()) {
            throw new InputRejectedException("occurredAt " + occurredAt + " is more than " + window + " before now "
                    + Instant.ofEpochMilli(nowMillis) + " (outside the scoring window; it cannot change a score)");
        }
    }

    /**
     * Rejects a time stamped by us or a source ({@code receivedAt}, a profile's {@code updatedAt}) that lies more than
     * the future skew after now. Such a record would move what scoring remembers ahead of time: the message-id store
     * would drop the segments of every message received before it, and a profile stamped in the year 2200 would make
     * every real update look older and be ignored.
     */
    public void checkNotAhead(String field, Instant at, long nowMillis, String what) {
        if (at.toEpochMilli() > nowMillis + maxFutureSkew.toMillis()) {
            throw new InputRejectedException(field + " " + at + " is more than " + maxFutureSkew + " after now "
                    + Instant.ofEpochMilli(nowMillis) + " (" + what + ")");
        }
    }
}
