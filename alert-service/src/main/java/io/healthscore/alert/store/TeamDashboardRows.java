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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The leader dashboard's figures, each one bounded query over the accounts whose profile names an owner in scope
 * (lower-case e-mails) and, optionally, one segment and one coverage model. A level "as of" an instant is the level of
 * the account's latest stored score evaluated before it ({@code health_scores}' primary key answers each lookup);
 * "NONE" where there was none yet. Alerts count for the owner of their account's profile, else for their own owner.
 */
@Singleton
public final class TeamDashboardRows {

    /** Which accounts: owners in scope, and a segment and coverage model when given. */
    public record Slice(List<String> owners, @Nullable String segment, @Nullable String coverage) {
    }

    /** How many accounts had {@code level} as of the end of the week starting {@code weekStart}. */
    public record WeekLevel(Instant weekStart, String level, long accounts) {
    }

    /** How many accounts were at {@code from} at the period's start and at {@code to} at its end. */
    public record Flow(String from, String to, long accounts) {
    }

    /** An account of one flow cell. */
    public record FlowAccount(String accountId, @Nullable String name, @Nullable String owner,
                              @Nullable Double scoreBefore, @Nullable Double scoreAfter) {
    }

    /**
     * Renewals within {@code withinDays} (30: today to 30 days; 60: 31–60; 90: 61–90) by current level and
     * currency, with their summed MRR in minor units (null when none of them has one).
     */
    public record Renewal(int withinDays, String level, @Nullable String currency, long accounts,
                          @Nullable Long mrrMinor) {
    }

    /** An account whose score moved, or whose level changed, since the feed's start. */
    public record Change(String accountId, @Nullable String name, @Nullable String owner, double before,
                         String levelBefore, double after, String levelAfter, Instant at) {
    }

    /** One owner's accounts: their number, average score and renewals within 90 days at Lv1 or Lv2. */
    public record OwnerAccounts(String owner, long accounts, long scored, @Nullable Double averageScore,
                                long renewalsAtRisk) {
    }

    /** One owner's alerts: open, open past the acknowledgement time (overdue), median time to acknowledge. */
    public record OwnerAlerts(String owner, long open, long overdue, @Nullable Duration medianToAcknowledge,
                              long acknowledged) {
    }

    /** The average value and weight of one component over an owner's latest scores, and over how many accounts. */
    public record OwnerComponent(String owner, String component, double averageValue, double averageWeight,
                                 long accounts) {
    }

    private static final String SCOPED = "WITH scoped AS (SELECT p.account_id, p.name, lower(p.csm_owner) AS owner, "
            + "p.renewal_date, p.mrr_minor, p.currency FROM account_profiles p "
            + "WHERE lower(p.csm_owner) = ANY (?) AND (?::text IS NULL OR p.segment = ?) "
            + "AND (?::text IS NULL OR p.coverage_model = ?)) ";

    /** Each account's level now: its latest score, kept by a trigger (account_latest) instead of looked up. */
    private static final String LEVEL_NOW = "LEFT JOIN account_latest t ON t.account_id = s.account_id ";

    private static String levelAsOf(String alias, String bound) {
        return "LEFT JOIN LATERAL (SELECT h.level, h.score FROM health_scores h WHERE h.account_id = s.account_id "
                + "AND h.evaluated_at < " + bound + " ORDER BY h.evaluated_at DESC LIMIT 1) " + alias + " ON true ";
    }

    /** Level counts at the end of each of {@code weeks} weeks from {@code firstWeek}; the last week ends at most at {@code now}. */
    public List<WeekLevel> weekly(Connection c, Slice slice, Instant firstWeek, int weeks, Instant now)
            throws SQLException {
        String sql = SCOPED + "SELECT w.week_start, COALESCE(lv.level, 'NONE'), count(*) FROM scoped s "
                + "CROSS JOIN generate_series(?::timestamptz, ?::timestamptz, interval '7 days') AS w(week_start) "
                + levelAsOf("lv", "LEAST(w.week_start + interval '7 days', ?::timestamptz)")
                + "GROUP BY 1, 2 ORDER BY 1, 2";
        List<WeekLevel> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = bindSlice(c, s, slice);
            s.setTimestamp(i++, Timestamp.from(firstWeek));
            s.setTimestamp(i++, Timestamp.from(firstWeek.plus(Duration.ofDays(7L * (weeks - 1)))));
            s.setTimestamp(i, Timestamp.from(now));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new WeekLevel(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /** The level counts now: each account's latest score (account_latest), one row per level. */
    public List<WeekLevel> levelsNow(Connection c, Slice slice, Instant weekStart) throws SQLException {
        String sql = SCOPED + "SELECT COALESCE(l.level, 'NONE'), count(*) FROM scoped s "
                + "LEFT JOIN account_latest l ON l.account_id = s.account_id GROUP BY 1 ORDER BY 1";
        List<WeekLevel> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindSlice(c, s, slice);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new WeekLevel(weekStart, rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return out;
    }

    /** An account's last score before some instant: its level and score then. */
    public record Before(String level, double score) {
    }

    /** An account of the slice and its latest score (level, score and time null when it has none). */
    public record Latest(String accountId, @Nullable String name, @Nullable String owner, @Nullable String level,
                         @Nullable Double score, @Nullable Instant evaluatedAt) {
    }

    /**
     * Each account's last score before {@code bound}, by account (accounts without one are absent): one index look-up
     * per account of the slice, the costliest of the dashboard's reads.
     */
    public Map<String, Before> before(Connection c, Slice slice, Instant bound) throws SQLException {
        String sql = SCOPED + "SELECT s.account_id, f.level, f.score FROM scoped s " + levelAsOf("f", "?")
                + "WHERE f.level IS NOT NULL";
        Map<String, Before> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = bindSlice(c, s, slice);
            s.setTimestamp(i, Timestamp.from(bound));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Before(rs.getString(2), rs.getDouble(3)));
                }
            }
        }
        return out;
    }

    /** Every account of the slice with its latest score (from account_latest, kept by a trigger). */
    public List<Latest> latest(Connection c, Slice slice) throws SQLException {
        String sql = SCOPED + "SELECT s.account_id, s.name, s.owner, t.level, t.score, t.evaluated_at FROM scoped s "
                + LEVEL_NOW;
        List<Latest> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindSlice(c, s, slice);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(6);
                    out.add(new Latest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            (Double) rs.getObject(5), at == null ? null : at.toInstant()));
                }
            }
        }
        return out;
    }

    /** Renewals from {@code today} to 90 days on, in 30-day bands, by current level and currency. */
    public List<Renewal> renewals(Connection c, Slice slice, LocalDate today) throws SQLException {
        String sql = SCOPED + "SELECT CASE WHEN s.renewal_date <= ?::date + 30 THEN 30 "
                + "WHEN s.renewal_date <= ?::date + 60 THEN 60 ELSE 90 END, COALESCE(l.level, 'NONE'), "
                + "upper(s.currency), count(*), sum(s.mrr_minor) FROM scoped s "
                + "LEFT JOIN account_latest l ON l.account_id = s.account_id "
                + "WHERE s.renewal_date >= ? AND s.renewal_date <= ?::date + 90 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
        List<Renewal> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = bindSlice(c, s, slice);
            for (int k = 0; k < 4; k++) {
                s.setDate(i++, Date.valueOf(today));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long mrr = rs.getLong(5);
                    out.add(new Renewal(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.wasNull() ? null : mrr));
                }
            }
        }
        return out;
    }

    /** Per owner: accounts, how many are scored, their average latest score, renewals within 90 days at Lv1/Lv2. */
    public List<OwnerAccounts> ownerAccounts(Connection c, Slice slice, LocalDate today) throws SQLException {
        String sql = SCOPED + "SELECT s.owner, count(*), count(l.score), avg(l.score), "
                + "count(*) FILTER (WHERE s.renewal_date >= ? AND s.renewal_date <= ?::date + 90 "
                + "AND l.level IN ('LV1', 'LV2')) FROM scoped s LEFT JOIN account_latest l "
                + "ON l.account_id = s.account_id GROUP BY 1 ORDER BY 1";
        List<OwnerAccounts> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = bindSlice(c, s, slice);
            s.setDate(i++, Date.valueOf(today));
            s.setDate(i, Date.valueOf(today));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new OwnerAccounts(rs.getString(1), rs.getLong(2), rs.getLong(3),
                            (Double) rs.getObject(4), rs.getLong(5)));
                }
            }
        }
        return out;
    }

    /**
     * Per owner: open alerts, those of them raised longer than {@code acknowledgeWithin} before {@code now} and not
     * snoozed (overdue), and the median time from raising to acknowledgement of alerts raised since {@code since}.
     */
    public List<OwnerAlerts> ownerAlerts(Connection c, Slice slice, Instant now, Duration acknowledgeWithin,
                                         Instant since) throws SQLException {
        String owner = "COALESCE(lower(p.csm_owner), lower(a.csm_owner))";
        String sql = "SELECT " + owner + ", count(*) FILTER (WHERE a.status = 'OPEN'), "
                + "count(*) FILTER (WHERE a.status = 'OPEN' AND a.raised_at < ? "
                + "AND (a.snoozed_until IS NULL OR a.snoozed_until <= ?)), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.acknowledged_at - a.raised_at)) "
                + "FILTER (WHERE a.acknowledged_at IS NOT NULL AND a.raised_at >= ?), "
                + "count(*) FILTER (WHERE a.acknowledged_at IS NOT NULL AND a.raised_at >= ?) "
                + "FROM alerts a LEFT JOIN account_profiles p ON p.account_id = a.account_id "
                + "WHERE " + owner + " = ANY (?) AND (?::text IS NULL OR p.segment = ?) "
                + "AND (?::text IS NULL OR p.coverage_model = ?) AND (a.status = 'OPEN' OR a.raised_at >= ?) "
                + "GROUP BY 1 ORDER BY 1";
        List<OwnerAlerts> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(now.minus(acknowledgeWithin)));
            s.setTimestamp(2, Timestamp.from(now));
            s.setTimestamp(3, Timestamp.from(since));
            s.setTimestamp(4, Timestamp.from(since));
            s.setArray(5, c.createArrayOf("text", slice.owners().toArray()));
            s.setString(6, slice.segment());
            s.setString(7, slice.segment());
            s.setString(8, slice.coverage());
            s.setString(9, slice.coverage());
            s.setTimestamp(10, Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double median = rs.getDouble(4);
                    Duration m = rs.wasNull() ? null : Duration.ofMillis(Math.round(median * 1000));
                    out.add(new OwnerAlerts(rs.getString(1), rs.getLong(2), rs.getLong(3), m, rs.getLong(5)));
                }
            }
        }
        return out;
    }

    /** Per owner and component: the average value and weight over the owner's accounts' latest scores. */
    public List<OwnerComponent> ownerComponents(Connection c, Slice slice) throws SQLException {
        String sql = SCOPED + "SELECT s.owner, u.name, avg(u.value), avg(u.weight), count(*) FROM scoped s "
                + "JOIN account_latest l ON l.account_id = s.account_id "
                + "CROSS JOIN LATERAL unnest(l.component_names, l.component_values, l.component_weights) "
                + "AS u(name, value, weight) WHERE u.name IS NOT NULL AND u.value IS NOT NULL "
                + "AND u.weight IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2";
        List<OwnerComponent> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindSlice(c, s, slice);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new OwnerComponent(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getLong(5)));
                }
            }
        }
        return out;
    }

    private static int bindSlice(Connection c, PreparedStatement s, Slice slice) throws SQLException {
        Array owners = c.createArrayOf("text", slice.owners().toArray());
        s.setArray(1, owners);
        s.setString(2, slice.segment());
        s.setString(3, slice.segment());
        s.setString(4, slice.coverage());
        s.setString(5, slice.coverage());
        return 6;
    }
}
