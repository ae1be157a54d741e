package io.healthscore.alert.store;

import io.healthscore.avro.AccountProfile;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The profile per account (from the compacted account-profiles topic), merged field by field: a record's null
 * fields keep the stored values, and older updates never win.
 */
@Singleton
public final class ProfileRepository {

    public void upsert(Connection c, AccountProfile p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO account_profiles (account_id, name, segment, "
                + "coverage_model, csm_owner, contact_email, contact_language, renewal_date, updated_at, plan, mrr_minor, "
                + "currency, seats) "
                // Profile records are partial updates (see AccountProfile): a null field keeps the stored value.
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (account_id) DO UPDATE SET "
                + "name = COALESCE(EXCLUDED.name, account_profiles.name), "
                + "segment = COALESCE(EXCLUDED.segment, account_profiles.segment), "
                + "coverage_model = COALESCE(EXCLUDED.coverage_model, account_profiles.coverage_model), "
                + "csm_owner = COALESCE(EXCLUDED.csm_owner, account_profiles.csm_owner), "
                + "contact_email = COALESCE(EXCLUDED.contact_email, account_profiles.contact_email), "
                + "contact_language = COALESCE(EXCLUDED.contact_language, account_profiles.contact_language), "
                + "renewal_date = COALESCE(EXCLUDED.renewal_date, account_profiles.renewal_date), "
                + "plan = COALESCE(EXCLUDED.plan, account_profiles.plan), "
                + "mrr_minor = COALESCE(EXCLUDED.mrr_minor, account_profiles.mrr_minor), "
                + "currency = COALESCE(EXCLUDED.currency, account_profiles.currency), "
                + "seats = COALESCE(EXCLUDED.seats, account_profiles.seats), "
                + "updated_at = EXCLUDED.updated_at "
                + "WHERE account_profiles.updated_at <= EXCLUDED.updated_at")) {
            s.setString(1, p.getAccountId());
            s.setString(2, p.getName());
            s.setString(3, p.getSegment());
            s.setString(4, p.getCoverageModel() == null ? null : p.getCoverageModel().name());
            s.setString(5, p.getCsmOwnerEmail());
            s.setString(6, p.getContactEmail());
            s.setString(7, p.getContactLanguage());
            s.setDate(8, p.getRenewalDate() == null ? null : Date.valueOf(p.getRenewalDate()));
            s.setTimestamp(9, Timestamp.from(p.getUpdatedAt()));
            s.setString(10, p.getPlan());
            s.setObject(11, p.getMrrMinor(), Types.BIGINT);
            s.setString(12, p.getCurrency());
            s.setObject(13, p.getSeats(), Types.INTEGER);
            s.executeUpdate();
        }
    }

    public void delete(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM account_profiles WHERE account_id = ?")) {
            s.setString(1, accountId);
            s.executeUpdate();
        }
    }

    /**
     * The account's owner: its profile's CSM owner, else (no profile, or one without owner) the CSM of its latest
     * alert that names one. Empty when nobody owns it, or it is unknown.
     */
    public Optional<String> ownerOf(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE((SELECT csm_owner FROM account_profiles "
                + "WHERE account_id = ?), (SELECT csm_owner FROM alerts WHERE account_id = ? AND csm_owner IS NOT NULL "
                + "ORDER BY raised_at DESC, alert_id DESC LIMIT 1))")) {
            s.setString(1, accountId);
            s.setString(2, accountId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public Optional<AccountContact> find(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT account_id, name, csm_owner, contact_email, "
                + "contact_language, renewal_date FROM account_profiles WHERE account_id = ?")) {
            s.setString(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Accounts with a CSM owner and a renewal date in [from, to] whose latest level (of their latest score, else
     * of their latest alert) is one of {@code levels}, for the digest: per owner at most {@code perOwner}, soonest
     * renewal first, each with how many such accounts the owner has in all.
     */
    public List<OwnedRenewal> renewalsAtRisk(Connection c, java.time.LocalDate from, java.time.LocalDate to,
                                              List<String> levels, int perOwner) throws SQLException {
        List<OwnedRenewal> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM (SELECT p.account_id, p.name, p.csm_owner, "
                + "p.contact_email, p.contact_language, p.renewal_date, l.level, "
                + "row_number() OVER (PARTITION BY lower(p.csm_owner) ORDER BY p.renewal_date, p.account_id) AS rank, "
                + "count(*) OVER (PARTITION BY lower(p.csm_owner)) AS total FROM account_profiles p "
                + "CROSS JOIN LATERAL (SELECT COALESCE("
                + "(SELECT h.level FROM health_scores h WHERE h.account_id = p.account_id "
                + "ORDER BY h.evaluated_at DESC LIMIT 1), "
                + "(SELECT a.level FROM alerts a WHERE a.account_id = p.account_id "
                + "ORDER BY a.raised_at DESC, a.alert_id DESC LIMIT 1)) AS level) l "
                + "WHERE p.renewal_date BETWEEN ? AND ? AND p.csm_owner IS NOT NULL AND l.level = ANY (?)) ranked "
                + "WHERE rank <= ? ORDER BY lower(csm_owner), rank")) {
            s.setDate(1, Date.valueOf(from));
            s.setDate(2, Date.valueOf(to));
            s.setArray(3, c.createArrayOf("text", levels.toArray()));
            s.setInt(4, perOwner);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new OwnedRenewal(read(rs), rs.getString("level"), rs.getInt("total")));
                }
            }
        }
        return out;
    }

    /** An account renewing at risk, its latest level, and how many such accounts its owner has in all. */
    public record OwnedRenewal(AccountContact account, String level, int ownerTotal) {
    }

    private static AccountContact read(ResultSet rs) throws SQLException {
        Date renewal = rs.getDate("renewal_date");
        return new AccountContact(rs.getString("account_id"), rs.getString("name"), rs.getString("csm_owner"),
                rs.getString("contact_email"), rs.getString("contact_language"),
                renewal == null ? null : renewal.toLocalDate());
    }
}
