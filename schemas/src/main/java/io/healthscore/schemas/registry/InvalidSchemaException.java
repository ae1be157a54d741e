package io.healthscore.schemas.registry;

/** The registry refused a schema it cannot parse or accept (HTTP 422, Confluent error code 42201). */
public class InvalidSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public InvalidSchemaException(String registry, String subject, int httpStatus, int errorCode, String detail) {
        super(describe(registry, "rejected schema for subject '" + subject + "' as invalid", httpStatus, errorCode,
                detail), httpStatus, errorCode);
    }
}
