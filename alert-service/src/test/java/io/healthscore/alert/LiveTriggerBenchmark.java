package io.healthscore.alert;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.avro.HealthScore;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * Not a test: what the console's live triggers (V15: a NOTIFY per account and statement) cost the score intake. Writes
 * scores one transaction each, as {@code ScoreIntake} does, over 2,000 accounts with profiles, in rounds that
 * alternate the trigger on health_scores enabled (with a session LISTENing, as the service's LiveChanges does, and
 * draining) and disabled, so that both sides see the same machine. Writes scores/s per round and the ratio to
 * target/live-trigger-benchmark.txt. Run: {@code java -cp <test classpath> io.healthscore.alert.LiveTriggerBenchmark
 * [scores per round] [rounds]}.
 */
public final class LiveTriggerBenchmark {

    public static void main(String[] args) throws Exception {
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Path dir = Path.of("target/live-trigger-benchmark-stack");
        Files.createDirectories(dir);
        try (LocalStack stack = new LocalStack(StackConfig.onFreePorts(dir))) {
            stack.postgres().ensureDatabase("live_bench");
            String url = stack.postgres().jdbcUrl("live_bench");
            HikariConfig hc = BenchDatabase.migrated(url);
            try (HikariDataSource ds = new HikariDataSource(hc);
                 Connection listener = DriverManager.getConnection(url, "postgres", "")) {
                try (Statement s = listener.createStatement()) {
                    s.execute("INSERT INTO account_profiles (account_id, name, csm_owner, coverage_model, updated_at) "
                            + "SELECT 'acct-' || i, 'Account ' || i, 'csm' || (i % 20) || '@example.com', 'HIGH_TOUCH', "
                            + "now() FROM generate_series(0, 1999) i");
                    s.execute("LISTEN console_live");
                }
                Database db = new Database(ds);
                HistoryRepository history = new HistoryRepository();
                StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                        "Score writes, one transaction each, %d per round, 2,000 accounts%n", perRound));
                List<Double> on = new ArrayList<>();
                List<Double> off = new ArrayList<>();
                Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
                long seq = 0;
                for (int round = 0; round < rounds; round++) {
                    boolean enabled = round % 2 == 0;
                    try (Statement s = listener.createStatement()) {
                        s.execute("ALTER TABLE health_scores " + (enabled ? "ENABLE" : "DISABLE")
                                + " TRIGGER health_scores_live");
                    }
                    long notified = 0;
                    long start = System.nanoTime();
                    for (int i = 0; i < perRound; i++, seq++) {
                        HealthScore score = Records.score("acct-" + (seq % 2000), 50 + (seq % 40),
                                t0.plusSeconds(seq));
                        db.inTransaction(c -> history.insertScore(c, score));
                        if (i % 100 == 0) {
                            notified += drain(listener);
                        }
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    notified += drain(listener);
                    double rate = perRound / seconds;
                    (enabled ? on : off).add(rate);
                    report.append(String.format(Locale.ROOT, "round %d, live trigger %s: %,.0f scores/s (%d notices)%n",
                            round + 1, enabled ? "on " : "off", rate, notified));
                }
                double medianOn = median(on);
                double medianOff = median(off);
                report.append(String.format(Locale.ROOT, "median on %,.0f scores/s, off %,.0f scores/s: on/off %.2f%n",
                        medianOn, medianOff, medianOn / medianOff));
                System.out.print(report);
                Files.createDirectories(Path.of("target"));
                Files.writeString(Path.of("target/live-trigger-benchmark.txt"), report);
            }
        }
    }

    private static long drain(Connection listener) throws Exception {
        var notices = listener.unwrap(PGConnection.class).getNotifications(1);
        return notices == null ? 0 : notices.length;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
