package io.healthscore.schemas.serde;

/** The record's header names a schema id the registry does not know (a different registry, or a corrupt header). */
public class UnknownSchemaIdException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public UnknownSchemaIdException(String topic, int schemaId, Throwable cause) {
        super("Record on topic '" + topic + "' (partition/offset unknown) names schema id " + schemaId
                + ", which the schema registry does not know: " + cause.getMessage(), cause);
    }
}
