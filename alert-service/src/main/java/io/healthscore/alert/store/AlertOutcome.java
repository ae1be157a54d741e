package io.healthscore.alert.store;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** How a resolved alert ended, as labelled data for backtests. */
@Serdeable
public record AlertOutcome(String alertId, String accountId, String rule, Instant raisedAt, String level,
                           String outcome, String note, String by, Instant at) {

    /** The outcomes a CSM may record. */
    public enum Kind { SAVED, CHURNED, FALSE_ALARM, OTHER }
}
