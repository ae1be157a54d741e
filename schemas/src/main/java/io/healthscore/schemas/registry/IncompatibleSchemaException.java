package io.healthscore.schemas.registry;

/** The registry refused a schema because it breaks the subject's compatibility level (HTTP 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String registry, String subject, int httpStatus, int errorCode, String detail) {
        super(describe(registry, "rejected schema for subject '" + subject + "' as incompatible", httpStatus, errorCode,
                detail), httpStatus, errorCode);
    }
}
