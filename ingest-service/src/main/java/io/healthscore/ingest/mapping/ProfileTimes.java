package io.healthscore.ingest.mapping;

import java.time.Instant;

/**
 * A profile's {@code updatedAt} orders partial updates (readers keep the newest). A time ahead of receipt,
 * allowed for event times as sender clock skew, would let one write outrank every genuine update until the clock
 * catches up, so for ordering it is clamped to the time of receipt.
 */
final class ProfileTimes {

    private ProfileTimes() {
    }

    static Instant orderingTime(Instant updatedAt, Instant receivedAt) {
        return updatedAt == null || updatedAt.isAfter(receivedAt) ? receivedAt : updatedAt;
    }
}
