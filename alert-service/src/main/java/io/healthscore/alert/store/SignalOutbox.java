package io.healthscore.alert.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Account signals this service owes to Kafka ({@code signal_outbox}): added in the transaction of their cause,
 * claimed by one publisher at a time ({@code FOR UPDATE SKIP LOCKED}, so two instances never send the same row
 * at once), deleted once the broker acknowledged them, pushed back with the error when it did not.
 */
@Singleton
public final class SignalOutbox {

    /** A signal to publish; {@code messageId} is fixed, so a resend is recognisable as the same signal. */
    public record PendingSignal(String messageId, String accountId, String signalType, Instant occurredAt,
                                Instant createdAt, int attempts) {
    }

    public void add(Connection c, PendingSignal signal) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO signal_outbox (message_id, account_id, signal_type, "
                + "occurred_at, created_at, next_attempt_at) VALUES (?,?,?,?,?,?)")) {
            s.setString(1, signal.messageId());
            s.setString(2, signal.accountId());
            s.setString(3, signal.signalType());
            s.setTimestamp(4, Timestamp.from(signal.occurredAt()));
            s.setTimestamp(5, Timestamp.from(signal.createdAt()));
            s.setTimestamp(6, Timestamp.from(signal.createdAt()));
            s.executeUpdate();
        }
    }

    /** Up to {@code limit} rows due at {@code now}, oldest first, locked until the transaction ends. */
    public List<PendingSignal> claimDue(Connection c, Instant now, int limit) throws SQLException {
        List<PendingSignal> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT message_id, account_id, signal_type, "
                + "occurred_at, created_at, attempts FROM signal_outbox WHERE next_attempt_at <= ? "
                + "ORDER BY created_at, message_id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingSignal(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getInt(6)));
                }
            }
        }
        return out;
    }

    public void published(Connection c, String messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM signal_outbox WHERE message_id = ?")) {
            s.setString(1, messageId);
            s.executeUpdate();
        }
    }

    /** The broker did not take the row: try again at {@code retryAt}, keeping what went wrong. */
    public void failed(Connection c, String messageId, Instant retryAt, String error) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE signal_outbox SET attempts = attempts + 1, "
                + "next_attempt_at = ?, last_error = ? WHERE message_id = ?")) {
            s.setTimestamp(1, Timestamp.from(retryAt));
            s.setString(2, error.length() > 1000 ? error.substring(0, 1000) : error);
            s.setString(3, messageId);
            s.executeUpdate();
        }
    }
}
