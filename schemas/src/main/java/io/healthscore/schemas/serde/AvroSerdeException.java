package io.healthscore.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be serialized or deserialized. The message names the topic and the subject or schema id.
 * {@link #retriable()} tells whether the same call may succeed later (the registry was unreachable) or never
 * will (the bytes or the schema are wrong: route the record to a dead-letter topic).
 */
public class AvroSerdeException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public AvroSerdeException(String message, Throwable cause) {
        super(message, cause);
    }

    public AvroSerdeException(String message) {
        super(message);
    }

    /** Whether trying the same record again may succeed. */
    public boolean retriable() {
        return false;
    }
}
