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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the account page reads beyond the portfolio row: the profile's facts and the scores of a window with parts. */
@Singleton
public final class AccountHistoryRepository {

    /** The profile's facts for the account header; any may be absent. */
    public record Facts(@Nullable String segment, @Nullable String coverageModel, @Nullable String contactEmail,
                        @Nullable LocalDate renewalDate, @Nullable String plan, @Nullable Long mrrMinor,
                        @Nullable String currency, @Nullable Integer seats) {
    }

    /** A score with its V9 detail (nulls for rows stored before V9); the part lists are parallel. */
    public record DetailedScore(Instant at, double score, String level, @Nullable Double dataCoverage,
                                @Nullable Double calibratedRisk, @Nullable String modelVersion,
                                List<String> names, List<Double> values, List<Double> weights,
                                List<String> measures) {
    }

    /** A level change, for the chart's markers. */
    public record LevelChange(Instant at, String fromLevel, String toLevel) {
    }

    public Optional<Facts> facts(Connection c, String accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT segment, coverage_model, contact_email, renewal_date, "
                + "plan, mrr_minor, currency, seats FROM account_profiles WHERE account_id = ?")) {
            s.setString(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                Date renewal = r.getDate(4);
                return Optional.of(new Facts(r.getString(1), r.getString(2), r.getString(3),
                        renewal == null ? null : renewal.toLocalDate(), r.getString(5),
                        r.getObject(6) == null ? null : r.getLong(6), r.getString(7),
                        r.getObject(8) == null ? null : r.getInt(8)));
            }
        }
    }

    /** Scores evaluated in [from, to], oldest first, at most limit (the newest of them). */
    public List<DetailedScore> scores(Connection c, String accountId, Instant from, Instant to, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM (SELECT evaluated_at, score, level, "
                + "data_coverage, calibrated_risk, model_version, component_names, component_values, "
                + "component_weights, component_measures FROM health_scores WHERE account_id = ? "
                + "AND evaluated_at >= ? AND evaluated_at <= ? ORDER BY evaluated_at DESC LIMIT ?) x "
                + "ORDER BY evaluated_at")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            s.setInt(4, limit);
            List<DetailedScore> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new DetailedScore(r.getTimestamp(1).toInstant(), r.getDouble(2), r.getString(3),
                            (Double) r.getObject(4), (Double) r.getObject(5), r.getString(6),
                            list(r.getArray(7), String.class), list(r.getArray(8), Double.class),
                            list(r.getArray(9), Double.class), list(r.getArray(10), String.class)));
                }
            }
            return out;
        }
    }

    /** The latest score at or before the instant, for the trend. */
    public Optional<Double> scoreAtOrBefore(Connection c, String accountId, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT score FROM health_scores WHERE account_id = ? "
                + "AND evaluated_at <= ? ORDER BY evaluated_at DESC LIMIT 1")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(at));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getDouble(1)) : Optional.empty();
            }
        }
    }

    public List<LevelChange> levelChanges(Connection c, String accountId, Instant from, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT transitioned_at, from_level, to_level "
                + "FROM level_transitions WHERE account_id = ? AND transitioned_at >= ? "
                + "ORDER BY transitioned_at DESC LIMIT ?")) {
            s.setString(1, accountId);
            s.setTimestamp(2, Timestamp.from(from));
            s.setInt(3, limit);
            List<LevelChange> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new LevelChange(r.getTimestamp(1).toInstant(), r.getString(2), r.getString(3)));
                }
            }
            return out;
        }
    }

    private static <T> List<T> list(@Nullable Array array, Class<T> type) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] items = (Object[]) array.getArray();
        // Arrays.asList keeps the nulls of components without data, which List.of would refuse.
        return Arrays.asList(Arrays.copyOf(items, items.length, arrayType(type)));
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T[]> arrayType(Class<T> type) {
        return (Class<T[]>) java.lang.reflect.Array.newInstance(type, 0).getClass();
    }
}
