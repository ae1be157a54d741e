package io.healthscore.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresServerIT {

    @TempDir
    Path dataDir;

    @Test
    void rowsAndDatabasesSurviveARestartOnTheSameDataDirectory() throws Exception {
        PostgresServer postgres = new PostgresServer("127.0.0.1", FreePorts.next(), dataDir.resolve("data"), dataDir.resolve("bin"));
        try {
            // Given a database with a row
            postgres.start();
            assertThat(postgres.ensureDatabase("alerts_check")).isTrue();
            try (Connection c = postgres.connect("alerts_check"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v TEXT)");
                s.execute("INSERT INTO t VALUES ('kept')");
            }

            // When PostgreSQL is stopped and started again
            postgres.close();
            postgres.start();

            // Then the database is found again and its row is still there
            assertThat(postgres.ensureDatabase("alerts_check")).isFalse();
            try (Connection c = postgres.connect("alerts_check"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("kept");
            }
            assertThat(postgres.jdbcUrl("alerts_check")).startsWith("jdbc:postgresql://127.0.0.1:");
            try (Connection c = postgres.connect("alerts_check"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("18.");
            }
        } finally {
            postgres.close();
        }
    }

    @Test
    void databaseNamesThatAreNotPlainIdentifiersAreRefused() {
        PostgresServer postgres = new PostgresServer("127.0.0.1", FreePorts.next(), dataDir.resolve("data"), dataDir.resolve("bin"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> postgres.ensureDatabase("x; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identifier");
    }
}
