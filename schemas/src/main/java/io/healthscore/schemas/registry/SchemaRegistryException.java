package io.healthscore.schemas.registry;

/**
 * A schema registry call failed. Carries the HTTP status and the registry's {@code error_code} when the
 * registry answered (-1 otherwise); the message names the registry URL (never its credentials) and the
 * subject or schema id involved.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    /** The HTTP status the registry answered with, or -1 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (e.g. 40403), or -1 when the answer carried none. */
    public int errorCode() {
        return errorCode;
    }

    /**
     * Formats the common message shape: {@code Schema registry <url> <what> (HTTP 404, error code 40401): <detail>}.
     * The error code is left out when it only repeats the HTTP status (Confluent answers 409 with error_code 409).
     */
    static String describe(String registry, String what, int httpStatus, int errorCode, String detail) {
        StringBuilder message = new StringBuilder("Schema registry ").append(registry).append(' ').append(what);
        if (httpStatus > 0) {
            message.append(" (HTTP ").append(httpStatus);
            if (errorCode > 0 && errorCode != httpStatus) {
                message.append(", error code ").append(errorCode);
            }
            message.append(')');
        }
        if (detail != null && !detail.isBlank()) {
            message.append(": ").append(detail);
        }
        return message.toString();
    }
}
