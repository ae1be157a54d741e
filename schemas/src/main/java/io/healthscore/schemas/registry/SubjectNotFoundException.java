package io.healthscore.schemas.registry;

/** The registry has no such subject (Confluent error code 40401). */
public class SubjectNotFoundException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public SubjectNotFoundException(String registry, String subject, int httpStatus, int errorCode, String detail) {
        super(describe(registry, "has no subject '" + subject + "'", httpStatus, errorCode, detail), httpStatus, errorCode);
    }
}
