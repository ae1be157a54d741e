package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** A stored health score of an account. */
@Serdeable
public record ScoreRecord(String accountId, Instant evaluatedAt, double score, String level,
                          @Nullable Double delta7d, List<String> reasons) {
}
