package io.healthscore.scoring;

/**
 * Where "now" comes from. WALL_CLOCK (production): the machine's clock, and the re-evaluation punctuator runs on
 * wall-clock time. STREAM_TIME (replay, backtests, demo): the highest {@code receivedAt} seen by the task, and the
 * punctuator runs on stream time, so a log replayed at full speed gives the same outputs as when it was live.
 */
public enum ClockMode {
    WALL_CLOCK,
    STREAM_TIME
}
