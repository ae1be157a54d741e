package io.healthscore.alert.intake;

/** A record decoded but cannot be accepted (blank or oversize ids); it goes to the dead-letter topic. */
public class InvalidRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
