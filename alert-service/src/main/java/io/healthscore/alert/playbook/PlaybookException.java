package io.healthscore.alert.playbook;

/** A playbook file cannot be used; the message names the file, the entry and what is wrong with it. */
public class PlaybookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PlaybookException(String message) {
        super(message);
    }

    public PlaybookException(String message, Throwable cause) {
        super(message, cause);
    }
}
