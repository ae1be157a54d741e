package io.healthscore.backtest;

/** Bad command-line arguments: the message says which; the command exits with status 2 after the usage text. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
