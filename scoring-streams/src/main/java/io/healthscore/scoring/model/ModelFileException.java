package io.healthscore.scoring.model;

/** The scoring-model file cannot be used; the message names the file, the line and the field. */
public class ModelFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
