package io.healthscore.alert.store;

/**
 * PENDING: waiting for its next attempt. IN_FLIGHT: claimed by a worker, the attempt recorded; a lapsed lease
 * means that worker died and the row is taken over. DELIVERED: the receiver accepted it. DEAD: out of retries
 * or refused for good, replayable. SKIPPED: could not be addressed (no contact email), kept for the record.
 */
public enum DeliveryStatus {
    PENDING, IN_FLIGHT, DELIVERED, DEAD, SKIPPED
}
