package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** An outbox row as stored; the body is left out of the API view of lists (see {@link #withoutBody()}). */
@Serdeable
public record Delivery(long id, String idempotencyKey, @Nullable String alertId, @Nullable String accountId,
                       Channel channel, String target, @Nullable String subject, @Nullable String body,
                       DeliveryStatus status, int attempts, int replays, Instant nextAttemptAt, @Nullable String lastError,
                       Instant createdAt, @Nullable Instant deliveredAt, Instant updatedAt) {

    /** The same row without its message body: bodies may hold customer data and stay out of listings. */
    public Delivery withoutBody() {
        return new Delivery(id, idempotencyKey, alertId, accountId, channel, target, subject, null, status,
                attempts, replays, nextAttemptAt, lastError, createdAt, deliveredAt, updatedAt);
    }
}
