package io.healthscore.schemas.serde;

/** The bytes are too short for the header, or the Avro body is truncated, corrupt, or followed by extra bytes. */
public class MalformedAvroPayloadException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public MalformedAvroPayloadException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedAvroPayloadException(String message) {
        super(message);
    }
}
