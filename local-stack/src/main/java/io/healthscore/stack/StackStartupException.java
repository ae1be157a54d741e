package io.healthscore.stack;

/** A component of the local stack could not start; the message names the component and what to check. */
public class StackStartupException extends RuntimeException {
    public StackStartupException(String message) {
        super(message);
    }

    public StackStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
