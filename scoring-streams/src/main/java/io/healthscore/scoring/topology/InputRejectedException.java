package io.healthscore.scoring.topology;

/**
 * An input record that decodes but cannot be scored (too late, too far in the future, key and account id
 * disagree, oversize or out-of-range fields). The message is the human-readable dead-letter reason; the
 * processing exception handler sends the record's original bytes to the dead-letter topic and processing goes on.
 */
public class InputRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InputRejectedException(String reason) {
        super(reason);
    }
}
