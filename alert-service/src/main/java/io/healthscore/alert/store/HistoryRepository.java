package io.healthscore.alert.store;

import io.healthscore.avro.ComponentScore;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import jakarta.inject.Singleton;
import java.sql.Connection;
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

/**
 * An account's score and level history, for timelines, escalation and the digest. Replayed records hit the
 * primary keys (account, time) and change nothing. Every read is limited: an account's history grows without end.
 */
@Singleton
public final class HistoryRepository {

    private static final String SCORE_COLUMNS = "account_id, evaluated_at, score, level, delta_7d, reasons";
    private static final String TRANSITION_COLUMNS = "account_id, transitioned_at, from_level, to_level, direction, "
            + "score, reasons";

    /**
     * Stores a score. Two different scores of one account can carry the same evaluation time (several events in
     * one processing step, or one stream-time instant); the later record, which Kafka delivers later, replaces the
     * earlier instead of being dropped. @return false only for a replayed, identical score
     */
    public boolean insertScore(Connection c, HealthScore h) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO health_scores (account_id, evaluated_at, score, "
                + "level, delta_7d, reasons, data_coverage, calibrated_risk, model_version, event_count, "
                + "component_names, component_values, component_weights, component_measures) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (account_id, evaluated_at) DO UPDATE "
                + "SET " + UPDATED + " WHERE (" + prefixed("health_scores.") + ") IS DISTINCT FROM ("
                + prefixed("EXCLUDED.") + ")")) {
            s.setString(1, h.getAccountId());
            s.setTimestamp(2, Timestamp.from(h.getEvaluatedAt()));
            s.setDouble(3, h.getScore());
            s.setString(4, h.getLevel().name());
            s.setObject(5, h.getDelta7d(), Types.DOUBLE);
            s.setArray(6, c.createArrayOf("text", h.getReasons().toArray()));
            s.setDouble(7, h.getDataCoverage());
            s.setObject(8, h.getCalibratedRisk(), Types.DOUBLE);
            s.setString(9, h.getModelVersion());
            s.setLong(10, h.getEventCount());
            List<ComponentScore> parts = h.getComponents();
            s.setArray(11, c.createArrayOf("text", parts.stream().map(p -> p.getComponent().name()).toArray()));
            s.setArray(12, c.createArrayOf("float8", parts.stream().map(ComponentScore::getValue).toArray()));
            s.setArray(13, c.createArrayOf("float8", parts.stream().map(ComponentScore::getWeight).toArray()));
            s.setArray(14, c.createArrayOf("text", parts.stream().map(ComponentScore::getMeasure).toArray()));
            return s.executeUpdate() == 1;
        }
    }

    /** The columns a later score with the same key replaces; a replay that changes none of them is no update. */
    private static final List<String> REPLACED = List.of("score", "level", "delta_7d", "reasons", "data_coverage",
            "calibrated_risk", "model_version", "event_count", "component_names", "component_values",
            "component_weights", "component_measures");
    private static final String UPDATED = String.join(", ",
            REPLACED.stream().map(col -> col + " = EXCLUDED." + col).toList());

    private static String prefixed(String table) {
        return String.join(", ", REPLACED.stream().map(col -> table + col).toList());
    }

    /** @return false for a replayed transition */
    public boolean insertTransition(Connection c, LevelTransition t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO level_transitions (account_id, transitioned_at, "
                + "from_level, to_level, direction, score, reasons) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            s.setString(1, t.getAccountId());
            s.setTimestamp(2, Timestamp.from(t.getTransitionedAt()));
            s.setString(3, t.getFromLevel().name());
            s.setString(4, t.getToLevel().name());
            s.setString(5, t.getDirection().name());
            s.setDouble(6, t.getScore());
            s.setArray(7, c.createArrayOf("text", t.getReasons().toArray()));
            return s.executeUpdate() == 1;
        }
    }

    /** Records what a transition playbook made of a stored transition: ACTED or SUPPRESSED (with why). */
    public void recordTransitionAction(Connection c, LevelTransition t, String playbook, String status,
                                       String note) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE level_transitions SET playbook = ?, action_status = ?, "
                + "action_note = ? WHERE account_id = ? AND transitioned_at = ? AND to_level = ?")) {
            s.setString(1, playbook);
            s.setString(2, status);
            s.setString(3, note);
            s.setString(4, t.getAccountId());
            s.setTimestamp(5, Timestamp.from(t.getTransitionedAt()));
            s.setString(6, t.getToLevel().name());
            s.executeUpdate();
        }
    }

    /**
     * Whether the playbook acted on another transition of the account at a time after {@code since}: the one that
     * opened the current cooldown window. Reads one row.
     */
    public boolean transitionActedOnSince(Connection c, String accountId, String playbook, Instant since,
                                          LevelTransition excluded) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM level_transitions WHERE account_id = ? "
                + "AND playbook = ? AND action_status = 'ACTED' AND transitioned_at > ? "
                + "AND NOT (transitioned_at = ? AND to_level = ?) LIMIT 1")) {
            s.setString(1, accountId);
            s.setString(2, playbook);
            s.setTimestamp(3, Timestamp.from(since));
            s.setTimestamp(4, Timestamp.from(excluded.getTransitionedAt()));
            s.setString(5, excluded.getToLevel().name());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The account's latest {@code limit} scores, in time order (oldest of them first). */
    public List<ScoreRecord> latestScores(Connection c, String accountId, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM (SELECT " + SCORE_COLUMNS + " FROM health_scores "
                + "WHERE account_id = ? ORDER BY evaluated_at DESC LIMIT ?) latest ORDER BY evaluated_at")) {
            s.setString(1, accountId);
            s.setInt(2, limit);
            return readScores(s);
        }
    }

    /** A timeline page: up to {@code limit} of the account's scores evaluated before {@code before}, newest first. */
    public List<ScoreRecord> scoresBefore(Connection c, String accountId, Instant before, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + SCORE_COLUMNS + " FROM health_scores "
                + "WHERE account_id = ? AND evaluated_at < ? ORDER BY evaluated_at DESC LIMIT ?")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(before));
            s.setInt(3, limit);
            return readScores(s);
        }
    }

    /** The account's score at exactly {@code at} (the key allows one), as a list. */
    public List<ScoreRecord> scoresAt(Connection c, String accountId, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + SCORE_COLUMNS + " FROM health_scores "
                + "WHERE account_id = ? AND evaluated_at = ?")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(at));
            return readScores(s);
        }
    }

    /**
     * Deletes up to {@code batch} scores evaluated before {@code cutoff}, oldest first, in the caller's
     * transaction. @return how many were deleted (fewer than {@code batch}: none older are left)
     */
    public int deleteScoresBefore(Connection c, Instant cutoff, int batch) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM health_scores WHERE (account_id, evaluated_at) IN "
                + "(SELECT account_id, evaluated_at FROM health_scores WHERE evaluated_at < ? "
                + "ORDER BY evaluated_at LIMIT ?)")) {
            s.setTimestamp(1, Timestamp.from(cutoff));
            s.setInt(2, batch);
            return s.executeUpdate();
        }
    }

    public Optional<ScoreRecord> latestScore(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + SCORE_COLUMNS
                + " FROM health_scores WHERE account_id = ? ORDER BY evaluated_at DESC LIMIT 1")) {
            s.setString(1, accountId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(score(rs)) : Optional.empty();
            }
        }
    }

    /** A timeline page: up to {@code limit} transitions before {@code before}, newest first. */
    public List<TransitionRecord> transitionsBefore(Connection c, String accountId, Instant before, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + TRANSITION_COLUMNS + " FROM level_transitions "
                + "WHERE account_id = ? AND transitioned_at < ? ORDER BY transitioned_at DESC, to_level LIMIT ?")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(before));
            s.setInt(3, limit);
            return readTransitions(s);
        }
    }

    /** The account's transitions at exactly {@code at}, at most {@code limit}. */
    public List<TransitionRecord> transitionsAt(Connection c, String accountId, Instant at, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + TRANSITION_COLUMNS + " FROM level_transitions "
                + "WHERE account_id = ? AND transitioned_at = ? ORDER BY to_level LIMIT ?")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(at));
            s.setInt(3, limit);
            return readTransitions(s);
        }
    }

    private static List<ScoreRecord> readScores(PreparedStatement s) throws SQLException {
        List<ScoreRecord> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(score(rs));
            }
        }
        return out;
    }

    private static List<TransitionRecord> readTransitions(PreparedStatement s) throws SQLException {
        List<TransitionRecord> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new TransitionRecord(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getDouble(6), reasons(rs, 7)));
            }
        }
        return out;
    }

    private static ScoreRecord score(ResultSet rs) throws SQLException {
        return new ScoreRecord(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getDouble(3), rs.getString(4),
                (Double) rs.getObject(5), reasons(rs, 6));
    }

    private static List<String> reasons(ResultSet rs, int column) throws SQLException {
        return Arrays.asList((String[]) rs.getArray(column).getArray());
    }
}
