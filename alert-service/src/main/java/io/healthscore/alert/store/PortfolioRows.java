package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The portfolio page's rows, filtered, sorted and paged in the database: profiles joined to {@code account_latest}
 * (one row per account, kept by a trigger, V12) and open alert counts; then, for the page's accounts only, their
 * scores of the last 31 days (sparkline and 7/30-day change) in one bounded query.
 */
@Singleton
public final class PortfolioRows {

    /** The columns one can sort by; each maps to a fixed SQL expression, never to input. */
    public enum Sort {
        ACCOUNT, LEVEL, SCORE, MRR, RENEWAL, ALERTS, ACTIVITY, COVERAGE, OWNER
    }

    /**
     * What the person asked for, already validated: nulls mean "any". {@code renewalWithinDays} counts from
     * {@code today}; {@code search} matches name or id as a substring (its wildcards are taken literally).
     */
    public record Filter(@Nullable String level, @Nullable String segment, @Nullable String coverage,
                         @Nullable Integer renewalWithinDays, boolean openAlertsOnly, @Nullable String search,
                         Sort sort, boolean descending, LocalDate today) {
    }

    public record Row(String accountId, @Nullable String name, @Nullable String owner, @Nullable String segment,
                      @Nullable String coverageModel, @Nullable LocalDate renewalDate, @Nullable Long mrrMinor,
                      @Nullable String currency, @Nullable Double score, @Nullable String level,
                      @Nullable Instant scoredAt, @Nullable Instant lastActivity, int openAlerts) {
    }

    public record Page(List<Row> rows, long total) {
    }

    /** One stored score of an account's recent history. */
    public record Point(Instant at, double score) {
    }

    private static final String FROM = "FROM account_profiles p LEFT JOIN account_latest l ON l.account_id = p.account_id "
            + "LEFT JOIN (SELECT a.account_id, count(*) AS n FROM alerts a WHERE a.status = 'OPEN' "
            + "GROUP BY a.account_id) o ON o.account_id = p.account_id ";

    private static final String LEVEL = "COALESCE(l.level, (SELECT a.level FROM alerts a WHERE a.account_id = p.account_id "
            + "ORDER BY a.raised_at DESC, a.alert_id DESC LIMIT 1))";

    /** A page of rows in {@code owners}' accounts (lower case; null: every account), with the total that match. */
    public Page page(Connection c, @Nullable List<String> owners, Filter f, int offset, int limit) throws SQLException {
        String sql = "SELECT * FROM (SELECT p.account_id, p.name, p.csm_owner, p.segment, p.coverage_model, "
                + "p.renewal_date, p.mrr_minor, p.currency, l.score, l.evaluated_at, "
                + "l.last_activity_at, " + LEVEL + " AS level, COALESCE(o.n, 0) AS open_alerts " + FROM
                + "WHERE (?::text[] IS NULL OR lower(p.csm_owner) = ANY (?::text[])) "
                + "AND (?::text IS NULL OR p.segment = ?) AND (?::text IS NULL OR p.coverage_model = ?) "
                + "AND (?::int IS NULL OR (p.renewal_date >= ? AND p.renewal_date <= ?::date + ?::int)) "
                + "AND (NOT ? OR o.n > 0) "
                + "AND (?::text IS NULL OR p.name ILIKE ? ESCAPE '\\' OR p.account_id ILIKE ? ESCAPE '\\')) x "
                + "WHERE (?::text IS NULL OR x.level = ?) ";
        String order = " ORDER BY " + sortExpression(f.sort()) + (f.descending() ? " DESC" : " ASC")
                + " NULLS LAST, x.account_id";
        Array ownerArray = owners == null ? null : c.createArrayOf("text", owners.toArray());
        String like = f.search() == null ? null : "%" + escapeLike(f.search()) + "%";
        Object[] params = {ownerArray, ownerArray, f.segment(), f.segment(), f.coverage(), f.coverage(),
                f.renewalWithinDays(), Date.valueOf(f.today()), Date.valueOf(f.today()), f.renewalWithinDays(),
                f.openAlertsOnly(), like, like, like, f.level(), f.level()};
        long total;
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM (" + sql + ") t")) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql + order + " LIMIT ? OFFSET ?")) {
            int i = bind(s, params);
            s.setInt(i++, limit);
            s.setInt(i, offset);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
        }
        return new Page(rows, total);
    }

    /** The scores of the last 31 days before each account's latest one, oldest first, for these accounts only. */
    public Map<String, List<Point>> recentScores(Connection c, List<String> accountIds) throws SQLException {
        Map<String, List<Point>> out = new HashMap<>();
        if (accountIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT h.account_id, h.evaluated_at, h.score "
                + "FROM account_latest l JOIN health_scores h ON h.account_id = l.account_id "
                + "AND h.evaluated_at >= l.evaluated_at - interval '31 days' AND h.evaluated_at <= l.evaluated_at "
                + "WHERE l.account_id = ANY (?) ORDER BY h.account_id, h.evaluated_at")) {
            s.setArray(1, c.createArrayOf("text", accountIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Point(rs.getTimestamp(2).toInstant(), rs.getDouble(3)));
                }
            }
        }
        return out;
    }

    private static String sortExpression(Sort sort) {
        return switch (sort) {
            case ACCOUNT -> "lower(COALESCE(x.name, x.account_id))";
            case LEVEL -> "x.level";
            case SCORE -> "x.score";
            case MRR -> "x.mrr_minor";
            case RENEWAL -> "x.renewal_date";
            case ALERTS -> "x.open_alerts";
            case ACTIVITY -> "x.last_activity_at";
            case COVERAGE -> "x.coverage_model";
            case OWNER -> "lower(x.csm_owner)";
        };
    }

    /** {@code %}, {@code _} and the escape character itself match literally. */
    public static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static int bind(PreparedStatement s, Object[] params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            if (p instanceof Array a) {
                s.setArray(i++, a);
            } else if (p == null) {
                s.setObject(i++, null);
            } else {
                s.setObject(i++, p);
            }
        }
        return i;
    }

    private static Row read(ResultSet rs) throws SQLException {
        Date renewal = rs.getDate("renewal_date");
        Timestamp scored = rs.getTimestamp("evaluated_at");
        Timestamp activity = rs.getTimestamp("last_activity_at");
        long mrr = rs.getLong("mrr_minor");
        Long mrrMinor = rs.wasNull() ? null : mrr;
        return new Row(rs.getString("account_id"), rs.getString("name"), rs.getString("csm_owner"),
                rs.getString("segment"), rs.getString("coverage_model"),
                renewal == null ? null : renewal.toLocalDate(), mrrMinor, rs.getString("currency"),
                (Double) rs.getObject("score"), rs.getString("level"), scored == null ? null : scored.toInstant(),
                activity == null ? null : activity.toInstant(), rs.getInt("open_alerts"));
    }
}
