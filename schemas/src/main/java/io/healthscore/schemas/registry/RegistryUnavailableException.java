package io.healthscore.schemas.registry;

/**
 * No registry URL gave a usable answer within the retries: every attempt failed to connect, timed out, or
 * was answered with HTTP 5xx or 429. The condition is usually transient, so callers may retry later.
 */
public class RegistryUnavailableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, httpStatus, errorCode, cause);
    }
}
