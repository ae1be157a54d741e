package io.healthscore.alert.playbook;

import io.micronaut.core.annotation.Nullable;

/**
 * One step of a playbook. {@code target} names a configured Slack or webhook receiver; {@code template} names a
 * customer-email template (shipped in Japanese and English). Both are null where the type does not use them.
 */
public record PlaybookAction(ActionType type, @Nullable String target, @Nullable String template) {
}
