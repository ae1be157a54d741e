package io.healthscore.alert.store;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.Severity;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** SQL for the {@code alerts} table. Every method runs on the caller's connection (and transaction). */
@Singleton
public final class AlertRepository {

    private static final String COLUMNS = "alert_id, account_id, rule, severity, score, level, previous_level, "
            + "delta_7d, reasons, renewal_date, csm_owner, coverage_model, segment, raised_at, received_at, status, "
            + "status_note, playbook, acknowledged_at, acknowledged_by, resolved_at, resolved_by";
    private static final String PREFIXED_COLUMNS = "a." + COLUMNS.replace(", ", ", a.");

    /**
     * Inserts the alert unless its id is already stored.
     *
     * @return false for a replayed alert (same alertId), which the caller must then not act on again
     */
    public boolean insert(Connection c, ChurnRiskAlert alert, @Nullable String csmOwner, AlertStatus status,
                          @Nullable String note, @Nullable String playbook, Instant receivedAt, int partition,
                          long offset) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alerts (alert_id, account_id, rule, severity, "
                + "score, level, previous_level, delta_7d, reasons, renewal_date, csm_owner, coverage_model, segment, "
                + "model_version, raised_at, received_at, status, status_note, playbook, source_partition, "
                + "source_offset) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (alert_id) DO NOTHING")) {
            int i = 0;
            s.setString(++i, alert.getAlertId());
            s.setString(++i, alert.getAccountId());
            s.setString(++i, alert.getRule().name());
            s.setString(++i, alert.getSeverity().name());
            s.setDouble(++i, alert.getScore());
            s.setString(++i, alert.getLevel().name());
            s.setString(++i, alert.getPreviousLevel() == null ? null : alert.getPreviousLevel().name());
            s.setObject(++i, alert.getDelta7d(), Types.DOUBLE);
            s.setArray(++i, c.createArrayOf("text", alert.getReasons().toArray()));
            s.setDate(++i, alert.getRenewalDate() == null ? null : Date.valueOf(alert.getRenewalDate()));
            s.setString(++i, csmOwner);
            s.setString(++i, alert.getCoverageModel() == null ? null : alert.getCoverageModel().name());
            s.setString(++i, alert.getSegment());
            s.setString(++i, alert.getModelVersion());
            s.setTimestamp(++i, Timestamp.from(alert.getRaisedAt()));
            s.setTimestamp(++i, Timestamp.from(receivedAt));
            s.setString(++i, status.name());
            s.setString(++i, note);
            s.setString(++i, playbook);
            s.setInt(++i, partition);
            s.setLong(++i, offset);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * The highest severity among alerts for this account and rule raised since {@code since} that were acted on
     * (not suppressed): the alert that opened the current cooldown window.
     */
    /** The account's alerts stored before any CSM was known get the one its profile now names. */
    public int assignCsmWhereUnknown(Connection c, String accountId, String csmOwner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET csm_owner = ? WHERE account_id = ? "
                + "AND (csm_owner IS NULL OR csm_owner = '')")) {
            s.setString(1, csmOwner);
            s.setString(2, accountId);
            return s.executeUpdate();
        }
    }

    /** The CSM responsible, once the account's profile named one after the alert was stored. */
    public void assignCsm(Connection c, String alertId, String csmOwner) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET csm_owner = ? WHERE alert_id = ?")) {
            s.setString(1, csmOwner);
            s.setString(2, alertId);
            s.executeUpdate();
        }
    }

    public Optional<Severity> strongestActedOnSince(Connection c, String accountId, String rule, Instant since,
                                                    String excludeAlertId) throws SQLException {
        // The database picks the strongest (severities ranked in the enum's order), so one row is read however
        // many alerts the window holds.
        try (PreparedStatement s = c.prepareStatement("SELECT severity FROM alerts WHERE account_id = ? AND rule = ? "
                // Strictly after: scoring opens a new window at exactly start + cooldown, and so must this check.
                + "AND raised_at > ? AND status <> 'SUPPRESSED' AND alert_id <> ? "
                + "ORDER BY array_position(?::text[], severity) DESC NULLS LAST LIMIT 1")) {
            s.setString(1, accountId);
            s.setString(2, rule);
            s.setTimestamp(3, Timestamp.from(since));
            s.setString(4, excludeAlertId);
            s.setArray(5, c.createArrayOf("text", Arrays.stream(Severity.values()).map(Enum::name).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Severity.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    public Optional<StoredAlert> find(Connection c, String alertId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE alert_id = ?")) {
            s.setString(1, alertId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Alerts filtered by any of owner (the alert's CSM), status and severity (null = any), newest first; with
     * {@code accountOwners} only alerts whose account's owner (see {@link #ownerOf}) is one of them (lower case).
     */
    public List<StoredAlert> search(Connection c, @Nullable String owner, @Nullable List<String> accountOwners,
                                    @Nullable AlertStatus status, @Nullable Severity severity, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + PREFIXED_COLUMNS + " FROM alerts a "
                + "LEFT JOIN account_profiles p ON p.account_id = a.account_id WHERE "
                + "(?::text IS NULL OR a.csm_owner = ?) AND (?::text[] IS NULL OR "
                + "lower(COALESCE(p.csm_owner, a.csm_owner)) = ANY (?::text[])) AND (?::text IS NULL OR a.status = ?) "
                + "AND (?::text IS NULL OR a.severity = ?) ORDER BY a.raised_at DESC, a.alert_id LIMIT ?")) {
            String st = status == null ? null : status.name();
            String sev = severity == null ? null : severity.name();
            java.sql.Array owners = accountOwners == null ? null : c.createArrayOf("text", accountOwners.toArray());
            s.setString(1, owner);
            s.setString(2, owner);
            s.setArray(3, owners);
            s.setArray(4, owners);
            s.setString(5, st);
            s.setString(6, st);
            s.setString(7, sev);
            s.setString(8, sev);
            s.setInt(9, limit);
            return readAll(s);
        }
    }

    /**
     * The owner of the alert's account: the account profile's CSM owner, else (no profile, or one without owner) the
     * alert's own CSM. Empty for an unknown alert or one nobody owns.
     */
    public Optional<String> ownerOf(Connection c, String alertId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(p.csm_owner, a.csm_owner) FROM alerts a "
                + "LEFT JOIN account_profiles p ON p.account_id = a.account_id WHERE a.alert_id = ?")) {
            s.setString(1, alertId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The account's OPEN and ACKNOWLEDGED alerts, IMMINENT first, then newest first, at most {@code limit}. */
    public List<StoredAlert> unresolvedForAccount(Connection c, String accountId, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE account_id = ? "
                + "AND status IN ('OPEN', 'ACKNOWLEDGED') ORDER BY array_position(?::text[], severity) DESC NULLS LAST, "
                + "raised_at DESC, alert_id LIMIT ?")) {
            s.setString(1, accountId);
            s.setArray(2, c.createArrayOf("text", Arrays.stream(Severity.values()).map(Enum::name).toArray()));
            s.setInt(3, limit);
            return readAll(s);
        }
    }

    /** The account's latest {@code limit} alerts, in time order (oldest of them first). */
    public List<StoredAlert> latestForAccount(Connection c, String accountId, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM (SELECT " + COLUMNS + " FROM alerts "
                + "WHERE account_id = ? ORDER BY raised_at DESC, alert_id DESC LIMIT ?) latest "
                + "ORDER BY raised_at, alert_id")) {
            s.setString(1, accountId);
            s.setInt(2, limit);
            return readAll(s);
        }
    }

    /** A timeline page: up to {@code limit} of the account's alerts raised before {@code before}, newest first. */
    public List<StoredAlert> forAccountBefore(Connection c, String accountId, Instant before, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE account_id = ? "
                + "AND raised_at < ? ORDER BY raised_at DESC, alert_id DESC LIMIT ?")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(before));
            s.setInt(3, limit);
            return readAll(s);
        }
    }

    /** The account's alerts raised at exactly {@code at}, at most {@code limit}. */
    public List<StoredAlert> forAccountAt(Connection c, String accountId, Instant at, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE account_id = ? "
                + "AND raised_at = ? ORDER BY alert_id LIMIT ?")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(at));
            s.setInt(3, limit);
            return readAll(s);
        }
    }

    /** The level of the account's latest alert, if it has any. */
    public Optional<String> latestLevel(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT level FROM alerts WHERE account_id = ? "
                + "ORDER BY raised_at DESC, alert_id DESC LIMIT 1")) {
            s.setString(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Open or acknowledged alerts for the digest: per CSM owner at most {@code perOwner}, IMMINENT before
     * SUSPECTED and newest first, each with how many unresolved alerts the owner has in all.
     */
    public List<OwnedAlert> unresolvedPerOwner(Connection c, int perOwner) throws SQLException {
        // The owner as the console decides it: the profile's CSM, else the alert's, without case.
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM (SELECT " + COLUMNS + ", owner, "
                + "row_number() OVER (PARTITION BY owner ORDER BY array_position(?::text[], severity) DESC "
                + "NULLS LAST, raised_at DESC, alert_id) AS rank, count(*) OVER (PARTITION BY owner) AS total "
                + "FROM (SELECT a.*, lower(COALESCE(p.csm_owner, a.csm_owner)) AS owner FROM alerts a "
                + "LEFT JOIN account_profiles p ON p.account_id = a.account_id "
                + "WHERE a.status IN ('OPEN', 'ACKNOWLEDGED')) owned WHERE owner IS NOT NULL) ranked "
                + "WHERE rank <= ? ORDER BY owner, rank")) {
            s.setArray(1, c.createArrayOf("text", Arrays.stream(Severity.values()).map(Enum::name).toArray()));
            s.setInt(2, perOwner);
            List<OwnedAlert> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new OwnedAlert(read(rs), rs.getString("owner"), rs.getInt("total")));
                }
            }
            return out;
        }
    }

    /**
     * An alert of a CSM owner (lower case: the account's profile's CSM, else the alert's) and how many unresolved
     * alerts that owner has in all.
     */
    public record OwnedAlert(StoredAlert alert, String owner, int ownerTotal) {
    }

    /** Acknowledges an OPEN alert. @return false when it is not OPEN (or does not exist). */
    public boolean acknowledge(Connection c, String alertId, String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET status = 'ACKNOWLEDGED', acknowledged_at = ?, "
                + "acknowledged_by = ? WHERE alert_id = ? AND status = 'OPEN'")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, by);
            s.setString(3, alertId);
            return s.executeUpdate() == 1;
        }
    }

    /** Resolves an OPEN or ACKNOWLEDGED alert. @return false when it is in neither state. */
    public boolean resolve(Connection c, String alertId, String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET status = 'RESOLVED', resolved_at = ?, "
                + "resolved_by = ? WHERE alert_id = ? AND status IN ('OPEN', 'ACKNOWLEDGED')")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, by);
            s.setString(3, alertId);
            return s.executeUpdate() == 1;
        }
    }

    private static final String TRIAGE_COLUMNS = ", a.assigned_to, a.snoozed_until, a.snooze_reason, a.outcome, "
            + "a.outcome_note, a.outcome_by, a.outcome_at";

    /**
     * The inbox: OPEN and ACKNOWLEDGED alerts not snoozed at {@code now} (a snooze ends by itself at its date),
     * IMMINENT first, then oldest first; with {@code accountOwners} only those of accounts they own (lower case).
     */
    public List<InboxAlert> inbox(Connection c, @Nullable List<String> accountOwners, Instant now, int offset,
                                  int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + PREFIXED_COLUMNS + TRIAGE_COLUMNS + " FROM alerts a "
                + "LEFT JOIN account_profiles p ON p.account_id = a.account_id WHERE " + INBOX_WHERE
                + " ORDER BY array_position(?::text[], a.severity) DESC NULLS LAST, a.raised_at, a.alert_id "
                + "OFFSET ? LIMIT ?")) {
            int i = inboxParameters(c, s, accountOwners, now);
            s.setArray(i++, c.createArrayOf("text", Arrays.stream(Severity.values()).map(Enum::name).toArray()));
            s.setInt(i++, offset);
            s.setInt(i, limit);
            List<InboxAlert> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new InboxAlert(read(rs), rs.getString("assigned_to"), instant(rs, "snoozed_until"),
                            rs.getString("snooze_reason"), rs.getString("outcome"), rs.getString("outcome_note"),
                            rs.getString("outcome_by"), instant(rs, "outcome_at")));
                }
            }
            return out;
        }
    }

    /** How many alerts {@link #inbox} would list without paging. */
    public long inboxCount(Connection c, @Nullable List<String> accountOwners, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM alerts a LEFT JOIN account_profiles p "
                + "ON p.account_id = a.account_id WHERE " + INBOX_WHERE)) {
            inboxParameters(c, s, accountOwners, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Unresolved, not snoozed at the first parameter's instant, of the owners in the next two (null: anyone's). */
    private static final String INBOX_WHERE = "a.status IN ('OPEN', 'ACKNOWLEDGED') AND (a.snoozed_until IS NULL "
            + "OR a.snoozed_until <= ?) AND (?::text[] IS NULL OR lower(COALESCE(p.csm_owner, a.csm_owner)) = "
            + "ANY (?::text[]))";

    /** Sets {@link #INBOX_WHERE}'s parameters. @return the index of the next parameter */
    private static int inboxParameters(Connection c, PreparedStatement s, @Nullable List<String> accountOwners,
                                       Instant now) throws SQLException {
        java.sql.Array owners = accountOwners == null ? null : c.createArrayOf("text", accountOwners.toArray());
        s.setTimestamp(1, Timestamp.from(now));
        s.setArray(2, owners);
        s.setArray(3, owners);
        return 4;
    }

    /** The alert with its triage, if it exists. */
    public Optional<InboxAlert> findTriaged(Connection c, String alertId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + PREFIXED_COLUMNS + TRIAGE_COLUMNS
                + " FROM alerts a WHERE a.alert_id = ?")) {
            s.setString(1, alertId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new InboxAlert(read(rs), rs.getString("assigned_to"),
                        instant(rs, "snoozed_until"), rs.getString("snooze_reason"), rs.getString("outcome"),
                        rs.getString("outcome_note"), rs.getString("outcome_by"), instant(rs, "outcome_at")))
                        : Optional.empty();
            }
        }
    }

    /** Snoozes an OPEN or ACKNOWLEDGED alert. @return false when it is in neither state. */
    public boolean snooze(Connection c, String alertId, Instant until, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET snoozed_until = ?, snooze_reason = ? "
                + "WHERE alert_id = ? AND status IN ('OPEN', 'ACKNOWLEDGED')")) {
            s.setTimestamp(1, Timestamp.from(until));
            s.setString(2, reason);
            s.setString(3, alertId);
            return s.executeUpdate() == 1;
        }
    }

    /** Assigns an OPEN or ACKNOWLEDGED alert to a person. @return false when it is in neither state. */
    public boolean assign(Connection c, String alertId, String to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET assigned_to = ? "
                + "WHERE alert_id = ? AND status IN ('OPEN', 'ACKNOWLEDGED')")) {
            s.setString(1, to);
            s.setString(2, alertId);
            return s.executeUpdate() == 1;
        }
    }

    /** Records how a just-resolved alert ended. */
    public void recordOutcome(Connection c, String alertId, String outcome, @Nullable String note, String by,
                              Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET outcome = ?, outcome_note = ?, "
                + "outcome_by = ?, outcome_at = ? WHERE alert_id = ?")) {
            s.setString(1, outcome);
            s.setString(2, note);
            s.setString(3, by);
            s.setTimestamp(4, Timestamp.from(at));
            s.setString(5, alertId);
            s.executeUpdate();
        }
    }

    /** Whether an unresolved alert of the account and rule is snoozed past {@code at}: newer ones fold into it. */
    public Optional<Instant> snoozedPast(Connection c, String accountId, String rule, Instant at,
                                         String excludeAlertId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT max(snoozed_until) FROM alerts WHERE account_id = ? "
                + "AND rule = ? AND snoozed_until > ? AND status IN ('OPEN', 'ACKNOWLEDGED') AND alert_id <> ?")) {
            s.setString(1, accountId);
            s.setString(2, rule);
            s.setTimestamp(3, Timestamp.from(at));
            s.setString(4, excludeAlertId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(instant(rs, "max")) : Optional.empty();
            }
        }
    }

    /** Labelled outcomes recorded at or after {@code since}, oldest first, at most {@code limit}. */
    public List<AlertOutcome> outcomes(Connection c, @Nullable List<String> accountOwners, Instant since, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT a.alert_id, a.account_id, a.rule, a.raised_at, "
                + "a.level, a.outcome, a.outcome_note, a.outcome_by, a.outcome_at FROM alerts a "
                + "LEFT JOIN account_profiles p ON p.account_id = a.account_id WHERE a.outcome IS NOT NULL "
                + "AND a.outcome_at >= ? AND (?::text[] IS NULL OR "
                + "lower(COALESCE(p.csm_owner, a.csm_owner)) = ANY (?::text[])) "
                + "ORDER BY a.outcome_at, a.alert_id LIMIT ?")) {
            java.sql.Array owners = accountOwners == null ? null : c.createArrayOf("text", accountOwners.toArray());
            s.setTimestamp(1, Timestamp.from(since));
            s.setArray(2, owners);
            s.setArray(3, owners);
            s.setInt(4, limit);
            List<AlertOutcome> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertOutcome(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs,
                            "raised_at"), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            instant(rs, "outcome_at")));
                }
            }
            return out;
        }
    }

    private static List<StoredAlert> readAll(PreparedStatement s) throws SQLException {
        List<StoredAlert> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    private static StoredAlert read(ResultSet rs) throws SQLException {
        Date renewal = rs.getDate("renewal_date");
        return new StoredAlert(rs.getString("alert_id"), rs.getString("account_id"), rs.getString("rule"),
                rs.getString("severity"), rs.getDouble("score"), rs.getString("level"),
                rs.getString("previous_level"), (Double) rs.getObject("delta_7d"),
                Arrays.asList((String[]) rs.getArray("reasons").getArray()),
                renewal == null ? null : renewal.toLocalDate(), rs.getString("csm_owner"),
                rs.getString("coverage_model"), rs.getString("segment"), instant(rs, "raised_at"),
                instant(rs, "received_at"), AlertStatus.valueOf(rs.getString("status")), rs.getString("status_note"),
                rs.getString("playbook"), instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"),
                instant(rs, "resolved_at"), rs.getString("resolved_by"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
