package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** An alert with its inbox triage: who works it, until when it is snoozed and why, and how it ended. */
@Serdeable
public record InboxAlert(StoredAlert alert, @Nullable String assignedTo, @Nullable Instant snoozedUntil,
                         @Nullable String snoozeReason, @Nullable String outcome, @Nullable String outcomeNote,
                         @Nullable String outcomeBy, @Nullable Instant outcomeAt) {
}
