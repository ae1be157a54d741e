package io.healthscore.backtest.replay;

import java.time.Duration;

/**
 * How the replay runs the topology: the punctuator period in stream time, the accounts re-evaluated per
 * punctuation, and how the processor is driven. Defaults: every hour of log time, 500 accounts per run (the live
 * default slice), so a silent account is re-evaluated at least hourly up to 12,000 accounts and its score decays as it
 * would live; the {@link Engine#DIRECT} engine on {@value #DEFAULT_THREADS} threads.
 */
public record ReplaySettings(Duration evaluationInterval, int evaluationSliceSize, Engine engine, int threads) {

    public static final int DEFAULT_THREADS = 2;
    public static final int MAX_THREADS = 16;

    /** How the scoring processor is run; both give the same outputs (see {@code ReplayEnginesAgreeTest}). */
    public enum Engine {
        /** {@link DirectReplay}: the processor, its stores and punctuator in a lean harness, accounts in partitions. */
        DIRECT,
        /** {@link TopologyReplay}: the whole topology in Kafka Streams' TopologyTestDriver, one task. */
        DRIVER
    }

    public ReplaySettings {
        if (evaluationInterval.isZero() || evaluationInterval.isNegative()) {
            throw new IllegalArgumentException("evaluation interval must be positive");
        }
        if (evaluationSliceSize < 1) {
            throw new IllegalArgumentException("evaluation slice size must be at least 1");
        }
        if (engine == null) {
            throw new IllegalArgumentException("a replay engine is needed");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("replay threads must be 1.." + MAX_THREADS + ", got " + threads);
        }
    }

    public ReplaySettings(Duration evaluationInterval, int evaluationSliceSize) {
        this(evaluationInterval, evaluationSliceSize, Engine.DIRECT, DEFAULT_THREADS);
    }

    public static ReplaySettings defaults() {
        return new ReplaySettings(Duration.ofHours(1), 500);
    }

    public ReplaySettings withEngine(Engine which, int threadCount) {
        return new ReplaySettings(evaluationInterval, evaluationSliceSize, which, threadCount);
    }
}
