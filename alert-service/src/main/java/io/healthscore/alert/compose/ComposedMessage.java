package io.healthscore.alert.compose;

import io.micronaut.core.annotation.Nullable;

/** A rendered message: subject (emails only) and body (text for emails, JSON for Slack and webhooks). */
public record ComposedMessage(@Nullable String subject, String body) {
}
