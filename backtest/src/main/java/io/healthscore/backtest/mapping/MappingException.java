package io.healthscore.backtest.mapping;

/**
 * A mapping file that cannot be used. The message names the file, the line, the rule (number and name) and the
 * field, e.g. {@code mapping.yml line 14, rule #3 'thumbs-down', field 'emit.type': unknown event type 'PLAY'}.
 */
public final class MappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MappingException(String message) {
        super(message);
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
