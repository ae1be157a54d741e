package io.healthscore.alert.evidence;

import io.healthscore.alert.evidence.BacktestEvidence.RuleRecord;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for the loaded backtest reports ({@code backtest_reports}, {@code backtest_rule_evidence}). */
@Singleton
public final class EvidenceRepository {

    /** A report as loaded: its evidence, who loaded it, how and when. */
    public record Loaded(BacktestEvidence evidence, String source, String loadedBy, Instant loadedAt) {
    }

    /** Whether a report with these bytes was ever loaded. */
    public boolean exists(Connection c, String sha256) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM backtest_reports WHERE sha256 = ?")) {
            s.setString(1, sha256);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Stores the report, or makes the same report (by its bytes) current again. Two instances storing the same new
     * report at once both succeed: the second waits for the first and then only makes it current.
     */
    public void save(Connection c, BacktestEvidence e, String source, String by, Instant at) throws SQLException {
        Long id = null;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO backtest_reports (sha256, source, loaded_by, "
                + "loaded_at, generated_at, model_version, calibrated, horizon_days, base_rate, churners, "
                + "first_midnight, last_midnight, events) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
                + "ON CONFLICT (sha256) DO NOTHING RETURNING id")) {
            s.setString(1, e.sha256());
            s.setString(2, source);
            s.setString(3, by);
            s.setTimestamp(4, Timestamp.from(at));
            s.setTimestamp(5, timestamp(e.generatedAt()));
            s.setString(6, e.modelVersion());
            s.setBoolean(7, e.calibrated());
            s.setInt(8, e.horizonDays());
            setDouble(s, 9, e.baseRate());
            s.setInt(10, e.churners());
            s.setTimestamp(11, timestamp(e.firstMidnight()));
            s.setTimestamp(12, timestamp(e.lastMidnight()));
            s.setString(13, e.events());
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    id = rs.getLong(1);
                }
            }
        }
        if (id == null) {
            try (PreparedStatement s = c.prepareStatement("UPDATE backtest_reports SET source = ?, loaded_by = ?, "
                    + "loaded_at = ? WHERE sha256 = ?")) {
                s.setString(1, source);
                s.setString(2, by);
                s.setTimestamp(3, Timestamp.from(at));
                s.setString(4, e.sha256());
                s.executeUpdate();
            }
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO backtest_rule_evidence (report_id, rule, severity, "
                + "alerts, hits, precision, churners_warned, recall, median_lead_days, p25_lead_days, p75_lead_days) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            for (RuleRecord r : e.rules()) {
                s.setLong(1, id);
                s.setString(2, r.rule());
                s.setString(3, r.severity());
                s.setInt(4, r.alerts());
                s.setInt(5, r.hits());
                setDouble(s, 6, r.precision());
                s.setInt(7, r.churnersWarned());
                setDouble(s, 8, r.recall());
                setDouble(s, 9, r.medianLeadDays());
                setDouble(s, 10, r.p25LeadDays());
                setDouble(s, 11, r.p75LeadDays());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The report loaded last, if any. */
    public Optional<Loaded> current(Connection c) throws SQLException {
        long id;
        Loaded head;
        try (PreparedStatement s = c.prepareStatement("SELECT id, sha256, generated_at, model_version, calibrated, "
                + "horizon_days, base_rate, churners, first_midnight, last_midnight, events, source, loaded_by, "
                + "loaded_at FROM backtest_reports ORDER BY loaded_at DESC, id DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            id = rs.getLong(1);
            head = new Loaded(new BacktestEvidence(rs.getString(2), instant(rs, 3), rs.getString(4), rs.getBoolean(5),
                    rs.getInt(6), doubleOrNull(rs, 7), rs.getInt(8), instant(rs, 9), instant(rs, 10), rs.getString(11),
                    List.of()), rs.getString(12), rs.getString(13), rs.getTimestamp(14).toInstant());
        }
        List<RuleRecord> rules = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT rule, severity, alerts, hits, precision, churners_warned, "
                + "recall, median_lead_days, p25_lead_days, p75_lead_days FROM backtest_rule_evidence "
                + "WHERE report_id = ? ORDER BY rule, severity")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rules.add(new RuleRecord(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                            doubleOrNull(rs, 5), rs.getInt(6), doubleOrNull(rs, 7), doubleOrNull(rs, 8),
                            doubleOrNull(rs, 9), doubleOrNull(rs, 10)));
                }
            }
        }
        BacktestEvidence e = head.evidence();
        return Optional.of(new Loaded(new BacktestEvidence(e.sha256(), e.generatedAt(), e.modelVersion(),
                e.calibrated(), e.horizonDays(), e.baseRate(), e.churners(), e.firstMidnight(), e.lastMidnight(),
                e.events(), List.copyOf(rules)), head.source(), head.loadedBy(), head.loadedAt()));
    }

    @Nullable
    private static Timestamp timestamp(@Nullable Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    @Nullable
    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void setDouble(PreparedStatement s, int i, @Nullable Double v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, v);
        }
    }

    @Nullable
    private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
