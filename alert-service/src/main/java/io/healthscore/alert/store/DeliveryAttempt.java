package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One recorded attempt of a delivery, in a round (0, then one more per replay); started before the send, finished
 * after it (null if the worker died).
 */
@Serdeable
public record DeliveryAttempt(long deliveryId, int round, int attempt, Instant startedAt, @Nullable Instant finishedAt,
                              @Nullable String outcome, @Nullable String error) {
}
