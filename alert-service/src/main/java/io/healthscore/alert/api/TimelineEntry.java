package io.healthscore.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One event in an account's timeline. {@code kind}: score, transition, alert, delivery, note; {@code ref} is the
 * alert id, delivery id or note id it concerns.
 */
@Serdeable
public record TimelineEntry(Instant at, String kind, String summary, @Nullable String ref) {
}
