package io.healthscore.stack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * A table in the stack's database (schema {@code local_stack}) recording each start, so a restart can show
 * that the database kept its rows. It lives apart from the services' own schemas.
 */
final class StackJournal {

    /** How many starts were recorded before this one, and when the last one was. */
    record History(int previousStarts, Optional<Instant> lastStart) {
    }

    private StackJournal() {
    }

    static History recordStart(Connection c) throws SQLException {
        try (Statement ddl = c.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS local_stack");
            ddl.execute("CREATE TABLE IF NOT EXISTS local_stack.starts (id BIGSERIAL PRIMARY KEY, "
                    + "started_at TIMESTAMPTZ NOT NULL)");
        }
        History history;
        try (Statement query = c.createStatement();
             ResultSet rs = query.executeQuery("SELECT count(*), max(started_at) FROM local_stack.starts")) {
            rs.next();
            Timestamp last = rs.getTimestamp(2);
            history = new History(rs.getInt(1), Optional.ofNullable(last).map(Timestamp::toInstant));
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO local_stack.starts (started_at) VALUES (?)")) {
            insert.setTimestamp(1, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        return history;
    }
}
