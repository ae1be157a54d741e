package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;

/**
 * An outbox row to write: the rendered message for one (alert, action, target). The idempotency key is unique
 * in the table and is sent with the message (Message-ID, Idempotency-Key header), so receivers can recognise a
 * repeat. {@code alertId} is null for digests.
 */
public record NewDelivery(String idempotencyKey, @Nullable String alertId, @Nullable String accountId,
                          Channel channel, String target, @Nullable String subject, String body,
                          DeliveryStatus status, @Nullable String note) {
}
