package io.healthscore.alert.intake;

/**
 * A record that decoded but cannot be accepted (see {@link RecordValues}: ids, dates, numbers, text); it goes to the
 * dead-letter topic with the message as its reason.
 */
public class InvalidRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(message);
    }
}
