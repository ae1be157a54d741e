package io.healthscore.backtest.mapping;

/** One record of the log cannot be mapped; the message names the field (the caller adds file, line and rule). */
public final class RecordProblem extends Exception {

    private static final long serialVersionUID = 1L;

    public RecordProblem(String message) {
        super(message, null, false, false);
    }
}
