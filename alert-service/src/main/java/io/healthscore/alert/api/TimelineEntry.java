package io.healthscore.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One event in an account's timeline. {@code kind}: score, transition, alert, delivery; {@code ref} is the
 * alert id or delivery id it concerns.
 */
@Serdeable
public record TimelineEntry(Instant at, String kind, String summary, @Nullable String ref) {
}
