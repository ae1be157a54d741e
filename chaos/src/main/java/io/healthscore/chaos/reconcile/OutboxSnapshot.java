package io.healthscore.chaos.reconcile;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alert service's tables in PostgreSQL as they stand (see its Flyway migration {@code V1__alerts_and_outbox}):
 * stored alerts, the outbox rows ({@code deliveries}) and how many attempts each has in {@code delivery_attempts}.
 */
public record OutboxSnapshot(List<StoredAlert> alerts, List<Row> deliveries) {

    /** One row of {@code alerts}. */
    public record StoredAlert(String alertId, String accountId, String rule, String status) {
    }

    /** One row of {@code deliveries}, with the number of its rows in {@code delivery_attempts}. */
    public record Row(long id, String idempotencyKey, String alertId, String channel, String target, String status,
                      int attempts, int replays, int attemptsLogged) {
    }

    public static OutboxSnapshot read(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             Statement s = c.createStatement()) {
            s.setQueryTimeout(30);
            List<StoredAlert> alerts = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT alert_id, account_id, rule, status FROM alerts")) {
                while (r.next()) {
                    alerts.add(new StoredAlert(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                }
            }
            Map<Long, Integer> logged = new HashMap<>();
            try (ResultSet r = s.executeQuery("SELECT delivery_id, count(*) FROM delivery_attempts GROUP BY delivery_id")) {
                while (r.next()) {
                    logged.put(r.getLong(1), r.getInt(2));
                }
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT id, idempotency_key, alert_id, channel, target, status, attempts, "
                    + "replays FROM deliveries ORDER BY id")) {
                while (r.next()) {
                    rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), r.getInt(7), r.getInt(8), logged.getOrDefault(r.getLong(1), 0)));
                }
            }
            return new OutboxSnapshot(List.copyOf(alerts), List.copyOf(rows));
        }
    }

    /** Rows still waiting for a send: PENDING or IN_FLIGHT. */
    public long unsettled() {
        return deliveries.stream().filter(d -> d.status().equals("PENDING") || d.status().equals("IN_FLIGHT")).count();
    }
}
