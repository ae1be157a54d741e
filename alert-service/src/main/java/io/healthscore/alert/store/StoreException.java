package io.healthscore.alert.store;

/** The database could not complete a unit of work; usually transient (down, failover), so callers retry. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
