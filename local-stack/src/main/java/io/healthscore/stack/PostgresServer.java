package io.healthscore.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL from the embedded binaries on Maven Central, with its data directory kept between starts.
 * Listens on the loopback host only. {@link #ensureDatabase(String)} creates the service databases.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    public static final String USER = "postgres";

    private final String host;
    private final int port;
    private final Path dataDir;
    private final Path workDir;
    private EmbeddedPostgres postgres;
    private Process watchdog;

    public PostgresServer(String host, int port, Path dataDir, Path workDir) {
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.workDir = workDir;
    }

    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            Files.createDirectories(dataDir.getParent());
            Files.createDirectories(workDir);
            stopLeftoverServer();
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setServerConfig("listen_addresses", host)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            // PostgreSQL runs detached from this JVM; make sure it stops if this JVM is killed.
            Optional<Long> postmaster = pid();
            if (postmaster.isPresent()) {
                watchdog = ChildProcesses.watchdog(postmaster.get(), "INT", Duration.ofSeconds(30));
            }
            LOG.info("PostgreSQL listening on {}:{}", host, port);
        } catch (IOException | RuntimeException e) {
            throw new StackStartupException("PostgreSQL: cannot start on " + host + ":" + port + " with data in "
                    + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A postmaster still running on our data directory (this JVM was killed before it could stop it) holds the
     * directory's lock and the port; it is stopped with a fast shutdown before a new one starts.
     */
    private void stopLeftoverServer() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        // Line 1 is the postmaster's pid, line 2 its data directory: only a server on *our* directory is stopped.
        if (lines.size() < 2 || !Path.of(lines.get(1).trim()).equals(dataDir.toAbsolutePath().normalize())) {
            return;
        }
        try {
            long leftover = Long.parseLong(lines.get(0).trim());
            LOG.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", leftover, dataDir);
            ChildProcesses.stopLeftover(leftover, dataDir.toAbsolutePath().normalize().toString(), "INT", Duration.ofSeconds(30));
        } catch (NumberFormatException notAPid) {
            // A damaged pid file; PostgreSQL itself will refuse or replace it.
        }
    }

    /** Creates {@code database} unless it exists; returns whether it was created. */
    public boolean ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a lower-case SQL identifier: " + database);
        }
        try (Connection c = connect("postgres");
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
            return true;
        } catch (SQLException e) {
            throw new StackStartupException("PostgreSQL: cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    public Connection connect(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(database), USER, "");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Process id of the postmaster, read from its pid file. */
    public Optional<Long> pid() {
        try {
            return Files.readAllLines(dataDir.resolve("postmaster.pid")).stream().findFirst().map(String::trim).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** Fast shutdown: sessions are ended, the data directory is kept. */
    @Override
    public synchronized void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            postgres = null;
            if (watchdog != null) {
                ChildProcesses.stop(watchdog, Duration.ofSeconds(2));
                watchdog = null;
            }
        }
    }
}
