package io.healthscore.ingest.mapping;

import io.healthscore.ingest.config.EventTimeRules;
import io.healthscore.ingest.validation.FieldErrors;
import jakarta.inject.Singleton;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides an event's time and checks it against {@link EventTimeRules}. Segment's rule corrects the sender's
 * clock: {@code timestamp = receivedAt − (sentAt − originalTimestamp)} when sentAt is known, else the client's
 * timestamp, else receivedAt.
 */
@Singleton
public final class EventTimeResolver {

    private final EventTimeRules rules;

    public EventTimeResolver(EventTimeRules rules) {
        this.rules = rules;
    }

    /** Segment's event time; {@code clientTime} is the message's timestamp (or originalTimestamp). */
    public Instant segmentTime(Instant clientTime, Instant sentAt, Instant receivedAt) {
        if (clientTime == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return clientTime;
        }
        try {
            return receivedAt.minus(Duration.between(clientTime, sentAt));
        } catch (DateTimeException | ArithmeticException e) {
            // A skew between sentAt and timestamp wider than Instant's range (e.g. years -999999999 and
            // +999999999): saturate, so the range check refuses it like any other time far off.
            return clientTime.isBefore(sentAt) ? Instant.MIN : Instant.MAX;
        }
    }

    /** The time itself when within the allowed range of receivedAt; null and an error at {@code path} otherwise. */
    public Instant check(Instant time, Instant receivedAt, String path, FieldErrors errors) {
        if (time == null) {
            return null;
        }
        if (time.isAfter(receivedAt.plus(rules.maxFutureSkew()))) {
            errors.add(path, "lies more than " + rules.maxFutureSkew() + " in the future");
            return null;
        }
        if (time.isBefore(receivedAt.minus(rules.maxAge()))) {
            errors.add(path, "lies more than " + rules.maxAge() + " in the past");
            return null;
        }
        return time;
    }
}
