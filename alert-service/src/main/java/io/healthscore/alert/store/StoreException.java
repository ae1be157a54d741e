package io.healthscore.alert.store;

import java.sql.SQLException;

/**
 * The database could not complete a unit of work. {@link #retryable()} says whether trying the same work again
 * may succeed (the database is down or busy) or would fail the same way (the database refuses the data); see
 * {@link RetryableSqlFailure} for the rule.
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final String sqlState;

    public StoreException(String message, SQLException cause) {
        super(message, cause);
        this.retryable = RetryableSqlFailure.is(cause);
        this.sqlState = RetryableSqlFailure.sqlState(cause);
    }

    /** True when the failure is the database's (connection, resources, shutdown, deadlock), not the data's. */
    public boolean retryable() {
        return retryable;
    }

    /** The SQLSTATE the database reported, or null when there was none (no connection). */
    public String sqlState() {
        return sqlState;
    }
}
