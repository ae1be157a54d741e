package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;

/**
 * SQL for the customer-email send limits: how many customer emails the outbox holds for a recipient or an account
 * since a time (SKIPPED rows are not sends and do not count), and the locks that make counting and writing one
 * step. The count reads the table, so it holds across restarts; the locks are PostgreSQL advisory locks held until
 * the writer's transaction ends, so a second instance writing for the same recipient or account waits for the first
 * to commit and then counts its rows. Both queries use the partial indexes of V3.
 */
@Singleton
public final class CustomerEmailCounts {

    // First keys of the two-key advisory locks, one space for recipients and one for accounts; the second key is a
    // hash, so two recipients sharing it only wait for each other.
    private static final int RECIPIENT_LOCKS = 0x68730001;
    private static final int ACCOUNT_LOCKS = 0x68730002;

    /** Holds the recipient's and the account's locks until the transaction ends. Take them before counting. */
    public void lock(Connection c, String recipient, @Nullable String accountId) throws SQLException {
        // Always the recipient first, then the account, so two writers cannot wait for each other in a circle.
        lock(c, RECIPIENT_LOCKS, recipient.toLowerCase(Locale.ROOT).hashCode());
        if (accountId != null) {
            lock(c, ACCOUNT_LOCKS, accountId.hashCode());
        }
    }

    /** Customer emails queued for {@code recipient} (compared without case) since {@code since}. */
    public int toRecipient(Connection c, String recipient, Instant since) throws SQLException {
        return count(c, "lower(target) = lower(?)", recipient, since);
    }

    /** Customer emails queued for the account since {@code since}. */
    public int ofAccount(Connection c, String accountId, Instant since) throws SQLException {
        return count(c, "account_id = ?", accountId, since);
    }

    private static int count(Connection c, String condition, String value, Instant since) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM deliveries WHERE channel = 'CUSTOMER_EMAIL' "
                + "AND status <> 'SKIPPED' AND " + condition + " AND created_at > ?")) {
            s.setString(1, value);
            s.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void lock(Connection c, int space, int key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            s.setInt(1, space);
            s.setInt(2, key);
            s.execute();
        }
    }
}
