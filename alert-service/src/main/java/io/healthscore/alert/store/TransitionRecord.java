package io.healthscore.alert.store;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** A stored level transition of an account. */
@Serdeable
public record TransitionRecord(String accountId, Instant transitionedAt, String fromLevel, String toLevel,
                               String direction, double score, List<String> reasons) {
}
