package io.healthscore.backtest.replay;

import io.healthscore.scoring.model.ScoringModel;
import org.apache.avro.specific.SpecificRecord;

/**
 * A replay of scoring inputs in log order through the scoring topology's processor: {@link TopologyReplay} (Kafka
 * Streams' test driver) or {@link DirectReplay} (the same processor, stores and punctuator in a lean harness, on
 * several threads). Both give the same observations.
 */
public interface Replay extends AutoCloseable {

    /** Pipes one input (a UsageEvent, AccountSignal or AccountProfile) at its receivedAt / updatedAt. */
    void pipe(SpecificRecord input);

    /** Reads everything published so far into the observations. */
    void drain();

    /** Drains the outputs and samples the midnight after the last input, so the last day is observed too. */
    ReplayObservations finish();

    /** Inputs piped so far. */
    long inputs();

    /** CPU seconds the replay's own worker threads used so far (0 when it runs in the calling thread only). */
    default double workerCpuSeconds() {
        return 0;
    }

    @Override
    void close();

    /**
     * The replay the settings name. {@code accountsAtMost} is an upper bound of the accounts the log holds, or -1 when
     * unknown: the direct engine spreads accounts over threads only when the processor's bounded caches hold all of
     * them, as they do in one task (see {@link DirectReplay}).
     */
    static Replay of(ScoringModel model, ReplaySettings settings, long accountsAtMost) {
        return switch (settings.engine()) {
            case DRIVER -> new TopologyReplay(model, settings);
            case DIRECT -> new DirectReplay(model, settings, accountsAtMost);
        };
    }
}
