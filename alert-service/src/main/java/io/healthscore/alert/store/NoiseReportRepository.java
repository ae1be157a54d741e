package io.healthscore.alert.store;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Alerts per (CSM owner, rule, ISO week starting Monday UTC), counted by PostgreSQL in one GROUP BY query; an alert
 * row carries one rule, so an alert raised by several rules (one row per rule) counts once per rule.
 */
@Singleton
public final class NoiseReportRepository {

    /**
     * One row of the report; {@code medianHoursToAcknowledge} is null when no alert of the row was acknowledged.
     * {@code snoozed}: alerts a CSM snoozed at some point; {@code falseAlarm}: alerts resolved with that outcome.
     */
    public record Row(String csmOwner, String rule, LocalDate week, long raised, long acknowledged, long resolved,
            long suppressed, long stillOpen, Double medianHoursToAcknowledge, long snoozed, long falseAlarm) {
    }

    private static final String SQL = """
            SELECT csm_owner, rule, (date_trunc('week', raised_at AT TIME ZONE 'UTC'))::date AS week,
                   count(*) AS raised,
                   count(acknowledged_at) AS acknowledged,
                   count(*) FILTER (WHERE status = 'RESOLVED') AS resolved,
                   count(*) FILTER (WHERE status = 'SUPPRESSED') AS suppressed,
                   count(*) FILTER (WHERE status = 'OPEN') AS still_open,
                   count(snoozed_until) AS snoozed,
                   count(*) FILTER (WHERE outcome = 'FALSE_ALARM') AS false_alarm,
                   percentile_cont(0.5) WITHIN GROUP (
                       ORDER BY extract(epoch FROM acknowledged_at - raised_at) / 3600.0)
                       FILTER (WHERE acknowledged_at IS NOT NULL) AS median_ack_hours
            FROM alerts
            WHERE raised_at >= ? AND raised_at < ?
            GROUP BY csm_owner, rule, week
            ORDER BY week, csm_owner NULLS FIRST, rule
            """;

    /** Rows for alerts raised in {@code [from, until)}. */
    public List<Row> rows(Connection c, Instant from, Instant until) {
        try (PreparedStatement s = c.prepareStatement(SQL)) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(until));
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double median = rs.getDouble("median_ack_hours");
                    Double medianOrNull = rs.wasNull() ? null : Math.round(median * 100.0) / 100.0;
                    rows.add(new Row(rs.getString("csm_owner"), rs.getString("rule"),
                            rs.getObject("week", LocalDate.class), rs.getLong("raised"), rs.getLong("acknowledged"),
                            rs.getLong("resolved"), rs.getLong("suppressed"), rs.getLong("still_open"), medianOrNull,
                            rs.getLong("snoozed"), rs.getLong("false_alarm")));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("noise report failed", e);
        }
    }

    /** Monday 00:00 UTC of the week holding {@code now}, minus {@code weeks - 1} weeks: the report's first instant. */
    public static Instant firstMonday(Instant now, int weeks) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate monday = day.minusDays(day.getDayOfWeek().getValue() - 1L).minusWeeks(weeks - 1L);
        return monday.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
