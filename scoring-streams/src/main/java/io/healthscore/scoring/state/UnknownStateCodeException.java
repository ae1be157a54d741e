package io.healthscore.scoring.state;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A stored account state holds a code that no symbol of its enum has (written by a newer version, or corrupt).
 * Reading it as some other symbol would corrupt the account silently, so the state is refused instead.
 */
public final class UnknownStateCodeException extends SerializationException {

    public UnknownStateCodeException(String field, Class<?> type, int code, String knownCodes) {
        super(field + ": unknown " + type.getSimpleName() + " code " + code + " (known: " + knownCodes
                + "); written by a newer version of scoring, or corrupt");
    }
}
