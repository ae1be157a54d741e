package io.healthscore.schemas.serde;

/**
 * The record was written with a schema this reader cannot resolve: another record type, a change without a
 * default, or (for a deserializer without a fixed type) no generated class on the classpath.
 */
public class IncompatibleWriterSchemaException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public IncompatibleWriterSchemaException(String message) {
        super(message);
    }
}
