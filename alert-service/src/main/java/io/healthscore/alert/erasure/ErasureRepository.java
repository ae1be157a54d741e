package io.healthscore.alert.erasure;

import io.micronaut.serde.annotation.Serdeable;
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
 * Deletes everything alert-service stores of one account, in foreign-key order, and redacts the account from
 * the rendered bodies of other rows (daily digests list many accounts); records the erasure itself.
 */
@Singleton
public final class ErasureRepository {

    /** Rows removed and rows redacted. */
    public record Removed(int deleted, int redacted) {
    }

    /** An erasure as recorded: the account's SHA-256, who asked, when, and how much went. */
    @Serdeable
    public record ErasureRecord(long id, String accountSha256, String requestedBy, Instant erasedAt, int rowsDeleted,
                                int rowsRedacted) {
    }

    /**
     * @param name the account's name as it was before the erasure began (the profile row may be gone by now: the
     *             intake deletes it when it reads the erasure's own profile tombstone), or null
     */
    public Removed deleteAccount(Connection c, String accountId, String name, String redaction) throws SQLException {
        int deleted = 0;
        deleted += update(c, "DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE "
                + "account_id = ? OR alert_id IN (SELECT alert_id FROM alerts WHERE account_id = ?))", accountId, accountId);
        deleted += update(c, "DELETE FROM deliveries WHERE account_id = ? OR alert_id IN "
                + "(SELECT alert_id FROM alerts WHERE account_id = ?)", accountId, accountId);
        deleted += update(c, "DELETE FROM escalations WHERE account_id = ? OR alert_id IN "
                + "(SELECT alert_id FROM alerts WHERE account_id = ?)", accountId, accountId);
        deleted += update(c, "DELETE FROM account_escalations WHERE account_id = ?", accountId);
        deleted += update(c, "DELETE FROM pending_routes WHERE account_id = ? OR alert_id IN "
                + "(SELECT alert_id FROM alerts WHERE account_id = ?)", accountId, accountId);
        deleted += update(c, "DELETE FROM pending_transition_routes WHERE account_id = ?", accountId);
        deleted += update(c, "DELETE FROM pending_expansion_routes WHERE account_id = ?", accountId);
        deleted += update(c, "DELETE FROM expansion_signals WHERE account_id = ?", accountId);
        deleted += update(c, "DELETE FROM alerts WHERE account_id = ?", accountId);
        deleted += update(c, "DELETE FROM health_scores WHERE account_id = ?", accountId);
        deleted += update(c, "DELETE FROM level_transitions WHERE account_id = ?", accountId);
        deleted += update(c, "DELETE FROM account_profiles WHERE account_id = ?", accountId);
        deleted += update(c, "DELETE FROM account_notes WHERE account_id = ?", accountId);
        deleted += update(c, "DELETE FROM signal_outbox WHERE account_id = ?", accountId);
        // The name first: it often contains the id ("acme" in "acme Corp"), which would leave " Corp" behind.
        int redacted = name != null && !name.isBlank() ? redact(c, name, redaction) : 0;
        redacted += redact(c, accountId, redaction);
        return new Removed(deleted, redacted);
    }

    public ErasureRecord record(Connection c, String accountSha256, String requestedBy, Instant at, Removed removed)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO erasures (account_sha256, requested_by, erased_at, "
                + "rows_deleted, rows_redacted) VALUES (?,?,?,?,?) RETURNING id")) {
            s.setString(1, accountSha256);
            s.setString(2, requestedBy);
            s.setTimestamp(3, Timestamp.from(at));
            s.setInt(4, removed.deleted());
            s.setInt(5, removed.redacted());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new ErasureRecord(rs.getLong(1), accountSha256, requestedBy, at, removed.deleted(),
                        removed.redacted());
            }
        }
    }

    /** Erasures since {@code since}, newest first, at most {@code limit}. */
    public List<ErasureRecord> since(Connection c, Instant since, int limit) throws SQLException {
        List<ErasureRecord> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, account_sha256, requested_by, erased_at, rows_deleted, "
                + "rows_redacted FROM erasures WHERE erased_at >= ? ORDER BY erased_at DESC, id DESC LIMIT ?")) {
            s.setTimestamp(1, Timestamp.from(since));
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ErasureRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getInt(5), rs.getInt(6)));
                }
            }
        }
        return out;
    }

    /** The account's stored name, or null. */
    public String nameOf(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM account_profiles WHERE account_id = ?")) {
            s.setString(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * Replaces {@code text} where it stands as a whole (not inside a longer id: erasing {@code acct-7} must leave
     * {@code acct-70} alone) in the subject and body of every remaining delivery that mentions it.
     */
    private static int redact(Connection c, String text, String redaction) throws SQLException {
        String pattern = WHOLE_START + regexLiteral(text) + WHOLE_END;
        String replacement = redaction.replace("\\", "\\\\").replace("&", "\\&");
        return update(c, "UPDATE deliveries SET body = regexp_replace(body, ?, ?, 'g'), "
                + "subject = regexp_replace(subject, ?, ?, 'g') WHERE body ~ ? OR subject ~ ?",
                pattern, replacement, pattern, replacement, pattern, pattern);
    }

    /** Characters that continue an id or an address: a match must not have one right before or after it. */
    private static final String WHOLE_START = "(?<![A-Za-z0-9_.@+-])";
    private static final String WHOLE_END = "(?![A-Za-z0-9_.@+-])";

    /** {@code text} as a PostgreSQL regular expression that matches exactly it. */
    static String regexLiteral(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == ' ') {
                out.appendCodePoint(cp);
            } else {
                out.append('\\').appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static int update(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            return s.executeUpdate();
        }
    }
}
