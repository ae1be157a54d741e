package io.healthscore.backtest.mapping;

import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEventType;

/** What a rule turns a matching record into: a usage event, an account signal, or nothing (counted, not replayed). */
public sealed interface Emission permits Emission.Usage, Emission.Signal, Emission.Ignore {

    /** A usage event; {@code feature} for FEATURE_USED and {@code step} for ONBOARDING_STEP_COMPLETED. */
    record Usage(UsageEventType type, Template feature, Template step) implements Emission {
    }

    /**
     * An account signal; {@code nps} (0..10) for NPS_ANSWER, {@code ticket} and {@code priority} for tickets
     * (an opened ticket without a ticket field gets an id from the log line).
     */
    record Signal(SignalType type, Template nps, Template ticket, Template priority) implements Emission {
    }

    /** The record is known and deliberately not replayed (navigation pages, logged-out traffic). */
    record Ignore() implements Emission {
    }
}
