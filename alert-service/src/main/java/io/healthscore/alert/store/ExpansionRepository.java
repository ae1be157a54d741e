package io.healthscore.alert.store;

import io.healthscore.avro.ExpansionOpportunity;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/** Expansion signals (table {@code expansion_signals}), kept apart from the churn-risk alerts. */
@Singleton
public final class ExpansionRepository {

    /** @return false for a replayed signal (its id is stored already) */
    public boolean insert(Connection c, ExpansionOpportunity e, Instant receivedAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO expansion_signals (signal_id, account_id, kind, "
                + "score, level, active_users, seats, reasons, segment, coverage_model, model_version, detected_at, "
                + "received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            s.setString(1, e.getSignalId());
            s.setString(2, e.getAccountId());
            s.setString(3, e.getKind().name());
            s.setDouble(4, e.getScore());
            s.setString(5, e.getLevel().name());
            s.setInt(6, e.getActiveUsers());
            s.setObject(7, e.getSeats(), Types.INTEGER);
            s.setArray(8, c.createArrayOf("text", e.getReasons().toArray()));
            s.setString(9, e.getSegment());
            s.setString(10, e.getCoverageModel() == null ? null : e.getCoverageModel().name());
            s.setString(11, e.getModelVersion());
            s.setTimestamp(12, Timestamp.from(e.getDetectedAt()));
            s.setTimestamp(13, Timestamp.from(receivedAt));
            return s.executeUpdate() == 1;
        }
    }

    /** Records what an expansion playbook made of a stored signal: ACTED or SUPPRESSED (with why). */
    public void recordAction(Connection c, ExpansionOpportunity e, String playbook, String status, String note)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE expansion_signals SET playbook = ?, action_status = ?, "
                + "action_note = ? WHERE signal_id = ?")) {
            s.setString(1, playbook);
            s.setString(2, status);
            s.setString(3, note);
            s.setString(4, e.getSignalId());
            s.executeUpdate();
        }
    }

    /**
     * Whether the playbook acted on another signal of the account detected after {@code since}: the one that opened
     * the current cooldown window. Reads one row.
     */
    public boolean actedOnSince(Connection c, String accountId, String playbook, Instant since, String excludedId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM expansion_signals WHERE account_id = ? "
                + "AND playbook = ? AND action_status = 'ACTED' AND detected_at > ? AND signal_id <> ? LIMIT 1")) {
            s.setString(1, accountId);
            s.setString(2, playbook);
            s.setTimestamp(3, Timestamp.from(since));
            s.setString(4, excludedId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A stored signal's action: playbook, status and note (null when no playbook matched), for tests and queries. */
    public record Action(String playbook, String status, String note) {
    }

    public Action action(Connection c, String signalId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT playbook, action_status, action_note FROM "
                + "expansion_signals WHERE signal_id = ?")) {
            s.setString(1, signalId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Action(rs.getString(1), rs.getString(2), rs.getString(3)) : null;
            }
        }
    }
}
