package io.healthscore.e2e.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Delivered messages per channel, read from the alert service's outbox ({@code deliveries} table) in the stack's
 * PostgreSQL; an empty map while the service has not created its tables yet.
 */
final class DeliveryCounts {

    private final String jdbcUrl;

    DeliveryCounts(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    Map<String, Long> deliveredByChannel() {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet r = s.executeQuery(
                    "SELECT channel, count(*) FROM deliveries WHERE status = 'DELIVERED' GROUP BY channel")) {
                while (r.next()) {
                    counts.put(r.getString(1).toLowerCase(), r.getLong(2));
                }
            }
        } catch (SQLException e) {
            // Not there yet (migrations run at the service's start) or busy: report nothing this time.
        }
        return counts;
    }
}
