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
import java.util.Optional;

/**
 * Tech-touch alerts and their escalations: at most one escalation row per alert (primary key), and the account's
 * escalations, one per escalation window, that those rows belong to.
 */
@Singleton
public final class EscalationRepository {

    /**
     * Alerts of this account raised in [{@code since}, {@code before}), escalated already or not, for which a customer
     * email (the tech-touch action) was delivered. The upper bound keeps a score evaluated before the alert (read
     * late, after a backlog) from counting as "the score kept falling after the email".
     */
    public List<StoredAlertRef> techTouchedBetween(Connection c, String accountId, Instant since, Instant before)
            throws SQLException {
        List<StoredAlertRef> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT a.alert_id, a.score, a.csm_owner, "
                + "EXISTS (SELECT 1 FROM escalations e WHERE e.alert_id = a.alert_id) FROM alerts a "
                + "WHERE a.account_id = ? AND a.raised_at >= ? AND a.raised_at < ? "
                // A snoozed alert is not escalated while its snooze lasts.
                + "AND (a.snoozed_until IS NULL OR a.snoozed_until <= ?) "
                + "AND EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.alert_id "
                + "AND d.channel = 'CUSTOMER_EMAIL' AND d.status = 'DELIVERED') ORDER BY a.raised_at")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(since));
            s.setTimestamp(3, Timestamp.from(before));
            s.setTimestamp(4, Timestamp.from(before));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredAlertRef(rs.getString(1), rs.getDouble(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    /** @return false when the alert was escalated already */
    public boolean insert(Connection c, String alertId, String accountId, String trigger, Instant at,
                          String escalationId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO escalations (alert_id, account_id, trigger, "
                + "escalated_at, escalation_id) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            s.setString(1, alertId);
            s.setString(2, accountId);
            s.setString(3, trigger);
            s.setTimestamp(4, Timestamp.from(at));
            s.setString(5, escalationId);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Serialises escalation decisions for one account until the transaction ends: the score and alert lanes (and
     * other instances) may decide for the same account at once, and each must see the other's open escalation.
     */
    public void lockAccount(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 7401))")) {
            s.setString(1, "escalation:" + accountId);
            s.execute();
        }
    }

    /** The account's escalation opened for an event time after {@code since}, the latest if several. */
    public Optional<String> openSince(Connection c, String accountId, Instant since) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT escalation_id FROM account_escalations "
                + "WHERE account_id = ? AND opened_for > ? ORDER BY opened_for DESC LIMIT 1")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void open(Connection c, String escalationId, String accountId, Instant openedFor, String trigger,
                     Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO account_escalations (escalation_id, account_id, "
                + "opened_for, opened_at, updated_at, triggers, last_trigger) VALUES (?,?,?,?,?,1,?)")) {
            s.setString(1, escalationId);
            s.setString(2, accountId);
            s.setTimestamp(3, Timestamp.from(openedFor));
            s.setTimestamp(4, Timestamp.from(now));
            s.setTimestamp(5, Timestamp.from(now));
            s.setString(6, trigger);
            s.executeUpdate();
        }
    }

    /** A later trigger inside the window: counted on the open escalation, which mails nobody again. */
    public void join(Connection c, String escalationId, String trigger, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE account_escalations SET triggers = triggers + 1, "
                + "last_trigger = ?, updated_at = ? WHERE escalation_id = ?")) {
            s.setString(1, trigger);
            s.setTimestamp(2, Timestamp.from(now));
            s.setString(3, escalationId);
            s.executeUpdate();
        }
    }

    /** The fields of a tech-touch alert escalation needs. */
    public record StoredAlertRef(String alertId, double score, String csmOwner, boolean escalated) {
    }
}
