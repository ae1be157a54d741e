package io.healthscore.alert.store;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Whether a database failure may go away by itself, so the record is to be tried again, or would repeat on every
 * try, so the record must leave the intake. Retried, by SQLSTATE: class 08 (connection exception), 53
 * (insufficient resources: too many connections, disk full), 57 (operator intervention: shutdown, admin
 * termination, cancelled statement), 40001 (serialization failure) and 40P01 (deadlock); also timeouts, and a
 * failure with no SQLSTATE anywhere in its chain, which is the pool's "could not get a connection". Every other
 * state is the record's: above all class 22 (data exception, e.g. 22008 date out of range, 22021 a NUL byte) and
 * 23 (integrity constraint violation), which the same record hits again on every retry.
 */
public final class RetryableSqlFailure {

    private static final Set<String> RETRIED_CLASSES = Set.of("08", "53", "57");
    private static final Set<String> RETRIED_STATES = Set.of("40001", "40P01");
    /** Causes are followed this far, so a chain that loops back on itself ends. */
    private static final int MAX_DEPTH = 20;

    private RetryableSqlFailure() {
    }

    public static boolean is(SQLException failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && ++depth <= MAX_DEPTH; t = next(t)) {
            if (t instanceof SQLTimeoutException || t instanceof SQLTransientConnectionException && state(t) == null) {
                return true;
            }
        }
        String state = sqlState(failure);
        return state == null || RETRIED_STATES.contains(state)
                || state.length() >= 2 && RETRIED_CLASSES.contains(state.substring(0, 2));
    }

    /** The first SQLSTATE in the failure's chain of causes and next exceptions, or null when none has one. */
    public static String sqlState(SQLException failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && ++depth <= MAX_DEPTH; t = next(t)) {
            String state = state(t);
            if (state != null) {
                return state;
            }
        }
        return null;
    }

    private static String state(Throwable t) {
        return t instanceof SQLException e && e.getSQLState() != null && !e.getSQLState().isBlank()
                ? e.getSQLState() : null;
    }

    /** The cause, or for a batch failure without one its next exception; null at the end of the chain. */
    private static Throwable next(Throwable t) {
        Throwable cause = t.getCause();
        if (cause == null && t instanceof SQLException e) {
            cause = e.getNextException();
        }
        return cause == t ? null : cause;
    }
}
