package io.healthscore.chaos.fault;

import java.time.Duration;
import java.time.Instant;

/** A fault as it happened: what, when it began, when the system had it behind it, and how it went. */
public record FaultRecord(String name, Instant start, Instant end, String detail) {

    public Duration duration() {
        return Duration.between(start, end);
    }
}
