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

/** Tech-touch alerts and their escalations; at most one escalation per alert (primary key). */
@Singleton
public final class EscalationRepository {

    /**
     * Alerts of this account raised in [{@code since}, {@code before}), not yet escalated, for which a customer
     * email (the tech-touch action) was delivered. The upper bound keeps a score evaluated before the alert (read
     * late, after a backlog) from counting as "the score kept falling after the email".
     */
    public List<StoredAlertRef> techTouchedBetween(Connection c, String accountId, Instant since, Instant before)
            throws SQLException {
        List<StoredAlertRef> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT a.alert_id, a.score, a.csm_owner FROM alerts a "
                + "WHERE a.account_id = ? AND a.raised_at >= ? AND a.raised_at < ? "
                + "AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.alert_id = a.alert_id) "
                + "AND EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.alert_id "
                + "AND d.channel = 'CUSTOMER_EMAIL' AND d.status = 'DELIVERED') ORDER BY a.raised_at")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(since));
            s.setTimestamp(3, Timestamp.from(before));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredAlertRef(rs.getString(1), rs.getDouble(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** @return false when the alert was escalated already */
    public boolean insert(Connection c, String alertId, String accountId, String trigger, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO escalations (alert_id, account_id, trigger, "
                + "escalated_at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING")) {
            s.setString(1, alertId);
            s.setString(2, accountId);
            s.setString(3, trigger);
            s.setTimestamp(4, Timestamp.from(at));
            return s.executeUpdate() == 1;
        }
    }

    /** The fields of a tech-touch alert escalation needs. */
    public record StoredAlertRef(String alertId, double score, String csmOwner) {
    }
}
