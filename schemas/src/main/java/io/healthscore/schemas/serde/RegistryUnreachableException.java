package io.healthscore.schemas.serde;

/** The schema registry could not be reached within its retries; the same record may succeed later. */
public class RegistryUnreachableException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public RegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
