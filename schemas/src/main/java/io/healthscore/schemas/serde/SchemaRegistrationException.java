package io.healthscore.schemas.serde;

/**
 * The record's schema cannot be used on the topic: the registry rejected it as incompatible or invalid, or
 * auto-registration is off and the schema was never registered under the subject.
 */
public class SchemaRegistrationException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public SchemaRegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
