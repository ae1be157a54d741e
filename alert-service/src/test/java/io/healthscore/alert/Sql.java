package io.healthscore.alert;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the service's database in tests, to assert on stored rows (and sets up the odd row). */
public final class Sql {

    private final String jdbcUrl;

    public Sql(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public List<Map<String, Object>> rows(String query, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                        row.put(rs.getMetaData().getColumnLabel(col), rs.getObject(col));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    /** Runs an INSERT/UPDATE/DELETE (test set-up only); @return rows changed */
    /** The first column of every row, as text. */
    public List<String> strings(String query, Object... params) {
        return rows(query, params).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
    }

    public int update(String statement, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    public long count(String query, Object... params) {
        return ((Number) rows(query, params).get(0).values().iterator().next()).longValue();
    }
}
