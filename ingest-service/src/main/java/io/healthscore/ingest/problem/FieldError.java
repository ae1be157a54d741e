package io.healthscore.ingest.problem;

import java.util.Objects;

/** One failing field of a request: its path in the request body (e.g. {@code batch[3].context.groupId}) and why. */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
