package io.healthscore.alert.store;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.LevelTransition;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Alerts (table {@code pending_routes}), level transitions ({@code pending_transition_routes}) and expansion signals
 * ({@code pending_expansion_routes}) whose recipient-dependent deliveries wait for the account's profile.
 */
@Singleton
public final class PendingRouteRepository {

    /** A waiting alert; {@code alert} is null when its stored form cannot be read any more (then routed without it). */
    public record Pending(String alertId, String accountId, ChurnRiskAlert alert) {
    }

    public void insert(Connection c, ChurnRiskAlert alert, Instant waitUntil, Instant now) throws SQLException {
        ByteBuffer encoded;
        try {
            encoded = alert.toByteBuffer();
        } catch (IOException e) {
            throw new SQLException("cannot encode alert " + alert.getAlertId() + " to wait for its profile", e);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO pending_routes (alert_id, account_id, alert_avro, "
                + "wait_until, created_at) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            s.setString(1, alert.getAlertId());
            s.setString(2, alert.getAccountId());
            s.setBytes(3, bytes);
            s.setTimestamp(4, Timestamp.from(waitUntil));
            s.setTimestamp(5, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    /** The account's waiting alerts, locked until the transaction ends and removed from the table. */
    public List<Pending> takeForAccount(Connection c, String accountId) throws SQLException {
        return take(c, "DELETE FROM pending_routes WHERE alert_id IN (SELECT alert_id FROM pending_routes "
                + "WHERE account_id = ? FOR UPDATE SKIP LOCKED) RETURNING alert_id, account_id, alert_avro", accountId);
    }

    /** At most {@code limit} alerts whose wait ended before {@code now}, locked and removed from the table. */
    public List<Pending> takeExpired(Connection c, Instant now, int limit) throws SQLException {
        return take(c, "DELETE FROM pending_routes WHERE alert_id IN (SELECT alert_id FROM pending_routes "
                + "WHERE wait_until <= ? ORDER BY wait_until LIMIT " + limit + " FOR UPDATE SKIP LOCKED) "
                + "RETURNING alert_id, account_id, alert_avro", Timestamp.from(now));
    }

    /** A waiting transition; {@code transition} is null when its stored form cannot be read any more. */
    public record PendingTransition(String transitionId, String accountId, LevelTransition transition) {
    }

    public void insert(Connection c, LevelTransition t, String transitionId, Instant waitUntil, Instant now)
            throws SQLException {
        ByteBuffer encoded;
        try {
            encoded = t.toByteBuffer();
        } catch (IOException e) {
            throw new SQLException("cannot encode transition " + transitionId + " to wait for its profile", e);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO pending_transition_routes (transition_id, "
                + "account_id, transition_avro, wait_until, created_at) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            s.setString(1, transitionId);
            s.setString(2, t.getAccountId());
            s.setBytes(3, bytes);
            s.setTimestamp(4, Timestamp.from(waitUntil));
            s.setTimestamp(5, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    /** The account's waiting transitions, locked until the transaction ends and removed from the table. */
    public List<PendingTransition> takeTransitionsForAccount(Connection c, String accountId) throws SQLException {
        return takeTransitions(c, "DELETE FROM pending_transition_routes WHERE transition_id IN (SELECT transition_id "
                + "FROM pending_transition_routes WHERE account_id = ? FOR UPDATE SKIP LOCKED) "
                + "RETURNING transition_id, account_id, transition_avro", accountId);
    }

    /** At most {@code limit} transitions whose wait ended before {@code now}, locked and removed from the table. */
    public List<PendingTransition> takeExpiredTransitions(Connection c, Instant now, int limit) throws SQLException {
        return takeTransitions(c, "DELETE FROM pending_transition_routes WHERE transition_id IN (SELECT transition_id "
                + "FROM pending_transition_routes WHERE wait_until <= ? ORDER BY wait_until LIMIT " + limit
                + " FOR UPDATE SKIP LOCKED) RETURNING transition_id, account_id, transition_avro", Timestamp.from(now));
    }

    private static List<PendingTransition> takeTransitions(Connection c, String sql, Object parameter)
            throws SQLException {
        List<PendingTransition> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingTransition(rs.getString(1), rs.getString(2), decodeTransition(rs.getBytes(3))));
                }
            }
        }
        return out;
    }

    private static LevelTransition decodeTransition(byte[] bytes) {
        try {
            return LevelTransition.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A waiting expansion signal; {@code signal} is null when its stored form cannot be read any more. */
    public record PendingExpansion(String signalId, String accountId, ExpansionOpportunity signal) {
    }

    public void insert(Connection c, ExpansionOpportunity e, Instant waitUntil, Instant now) throws SQLException {
        ByteBuffer encoded;
        try {
            encoded = e.toByteBuffer();
        } catch (IOException ex) {
            throw new SQLException("cannot encode expansion signal " + e.getSignalId() + " to wait for its profile", ex);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO pending_expansion_routes (signal_id, account_id, "
                + "signal_avro, wait_until, created_at) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            s.setString(1, e.getSignalId());
            s.setString(2, e.getAccountId());
            s.setBytes(3, bytes);
            s.setTimestamp(4, Timestamp.from(waitUntil));
            s.setTimestamp(5, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    /** The account's waiting expansion signals, locked until the transaction ends and removed from the table. */
    public List<PendingExpansion> takeExpansionsForAccount(Connection c, String accountId) throws SQLException {
        return takeExpansions(c, "DELETE FROM pending_expansion_routes WHERE signal_id IN (SELECT signal_id "
                + "FROM pending_expansion_routes WHERE account_id = ? FOR UPDATE SKIP LOCKED) "
                + "RETURNING signal_id, account_id, signal_avro", accountId);
    }

    /** At most {@code limit} expansion signals whose wait ended before {@code now}, locked and removed. */
    public List<PendingExpansion> takeExpiredExpansions(Connection c, Instant now, int limit) throws SQLException {
        return takeExpansions(c, "DELETE FROM pending_expansion_routes WHERE signal_id IN (SELECT signal_id "
                + "FROM pending_expansion_routes WHERE wait_until <= ? ORDER BY wait_until LIMIT " + limit
                + " FOR UPDATE SKIP LOCKED) RETURNING signal_id, account_id, signal_avro", Timestamp.from(now));
    }

    private static List<PendingExpansion> takeExpansions(Connection c, String sql, Object parameter)
            throws SQLException {
        List<PendingExpansion> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingExpansion(rs.getString(1), rs.getString(2), decodeExpansion(rs.getBytes(3))));
                }
            }
        }
        return out;
    }

    private static ExpansionOpportunity decodeExpansion(byte[] bytes) {
        try {
            return ExpansionOpportunity.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public long count(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pending_routes");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Pending> take(Connection c, String sql, Object parameter) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getString(1), rs.getString(2), decode(rs.getBytes(3))));
                }
            }
        }
        return out;
    }

    private static ChurnRiskAlert decode(byte[] bytes) {
        try {
            return ChurnRiskAlert.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
