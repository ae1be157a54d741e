package io.healthscore.schemas.registry;

/**
 * The registry has no schema with the given id, or the given schema is not registered under the subject
 * (Confluent error code 40403).
 */
public class SchemaNotFoundException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    private SchemaNotFoundException(String message, int httpStatus, int errorCode) {
        super(message, httpStatus, errorCode);
    }

    /** No schema is registered with this id. */
    public static SchemaNotFoundException byId(String registry, int schemaId, int httpStatus, int errorCode, String detail) {
        return new SchemaNotFoundException(
                describe(registry, "has no schema with id " + schemaId, httpStatus, errorCode, detail), httpStatus, errorCode);
    }

    /** The subject exists but this schema is not one of its versions. */
    public static SchemaNotFoundException underSubject(String registry, String subject, int httpStatus, int errorCode,
                                                       String detail) {
        return new SchemaNotFoundException(
                describe(registry, "has no version of subject '" + subject + "' matching the given schema",
                        httpStatus, errorCode, detail),
                httpStatus, errorCode);
    }
}
