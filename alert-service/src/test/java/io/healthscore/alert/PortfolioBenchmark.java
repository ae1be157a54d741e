package io.healthscore.alert;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.healthscore.alert.config.ConsoleConfig;
import io.healthscore.alert.console.ConsoleAccounts;
import io.healthscore.alert.console.Language;
import io.healthscore.alert.console.Messages;
import io.healthscore.alert.console.Pages;
import io.healthscore.alert.console.TeamDashboard;
import io.healthscore.alert.console.TeamDashboardReader;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.healthscore.alert.identity.Scope;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.PortfolioRepository;
import io.healthscore.alert.store.PortfolioRows.Filter;
import io.healthscore.alert.store.PortfolioRows.Sort;
import io.healthscore.alert.store.PortfolioRows;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.alert.store.TeamDashboardRows;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Not a test: seeds 10,000 accounts (over 20 CSMs) with 90 daily scores each and 2,000 open alerts into an embedded
 * Postgres migrated like the service's, then times the portfolio's first page through the controller's own path
 * ({@link ConsoleAccounts#portfolio}: the page query with its count, then the page's recent scores), warm, for a lead
 * whose team owns all 10,000 accounts and for one CSM (500 accounts), default sort and a few others. Writes median
 * and p95 to target/portfolio-benchmark.txt. Run: {@code java -cp <test classpath> io.healthscore.alert.PortfolioBenchmark [runs]}.
 */
public final class PortfolioBenchmark {

    static final int ACCOUNTS = 10_000;
    static final int DAYS = 90;
    static final int OWNERS = 20;
    static final int WARM_UP = 5;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Path.of("target/portfolio-benchmark-stack");
        Files.createDirectories(dir);
        try (LocalStack stack = new LocalStack(StackConfig.onFreePorts(dir))) {
            stack.postgres().ensureDatabase("portfolio_bench");
            String url = stack.postgres().jdbcUrl("portfolio_bench");
            HikariConfig hc = BenchDatabase.migrated(url);
            if (Boolean.getBoolean("explain")) {
                // -Dexplain=true: Postgres logs the plan of every statement slower than 300 ms (auto_explain).
                hc.setConnectionInitSql("LOAD 'auto_explain'; SET auto_explain.log_min_duration = 300; "
                        + "SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on");
            }
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                long seedStart = System.nanoTime();
                seed(ds);
                double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
                Database db = new Database(ds);
                ConsoleAccounts accounts = new ConsoleAccounts(db, new PortfolioRepository(), new ProfileRepository(),
                        new AlertRepository(), new PortfolioRows());
                List<String> team = IntStream.range(0, OWNERS).mapToObj(PortfolioBenchmark::owner).toList();
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                        "Portfolio first page (50 rows + count + 30-day scores of the page), %d accounts x %d days "
                                + "of scores (%d score rows), %d warm runs each after %d warm-up runs; seeding took %.0f s%n",
                        ACCOUNTS, DAYS, ACCOUNTS * DAYS, runs, WARM_UP, seedSeconds));
                record Case(String name, Scope scope, Filter filter) {
                }
                List<Case> cases = List.of(
                        new Case("lead team view (10,000 accounts), default sort (level)",
                                teamScope(team), filter(Sort.LEVEL, false, null, null, today)),
                        new Case("lead team view, sort by MRR desc", teamScope(team), filter(Sort.MRR, true, null, null, today)),
                        new Case("lead team view, sort by last activity", teamScope(team),
                                filter(Sort.ACTIVITY, true, null, null, today)),
                        new Case("lead team view, search 'acct-12' + renewal within 90 days", teamScope(team),
                                filter(Sort.ACCOUNT, false, "acct-12", 90, today)),
                        new Case("one CSM (500 accounts), default sort", teamScope(List.of(owner(0))),
                                filter(Sort.LEVEL, false, null, null, today)));
                for (Case c : cases) {
                    time(report, c.name(), runs, () -> accounts.portfolio(c.scope(), c.filter(), 1).lines().size());
                }
                // The leader dashboard of the same lead: weekly levels, flow, renewals, changes, comparison.
                TeamDashboardReader dashboard = new TeamDashboardReader(db, new TeamDashboardRows(),
                        new ConsoleConfig(Duration.ofHours(24)));
                Person lead = new Person(team.get(0), Set.of(Role.LEAD), Set.copyOf(team.subList(1, team.size())));
                Pages.Frame frame = new Pages.Frame("bench", lead, "", new Messages().text(Language.EN));
                report.append(String.format(Locale.ROOT, "Leader dashboard (%d weeks, flow, renewals, changes, CSM "
                        + "comparison of %d CSMs), same data%n", TeamDashboard.WEEKS, OWNERS));
                Instant now = Instant.now();
                // Nothing kept from an earlier read: what the first lead to open it in a 10-minute step waits.
                time(report, "lead dashboard, this month, nothing kept (a new reader each time)", Math.max(5, runs / 3),
                        () -> new TeamDashboardReader(db, new TeamDashboardRows(), new ConsoleConfig(Duration.ofHours(24)))
                                .read(frame, lead, new TeamDashboard.Query("month", null, null, 10, null, null, Map.of()),
                                        now).csms().size());
                time(report, "lead dashboard, this month", runs, () -> dashboard.read(frame, lead,
                        new TeamDashboard.Query("month", null, null, 10, null, null, Map.of()), now).csms().size());
                time(report, "lead dashboard, 90 days, one flow cell listed", runs, () -> dashboard.read(frame, lead,
                        new TeamDashboard.Query("90d", null, null, 10, "LV1", "LV2", Map.of()), now)
                        .cellAccounts().size());
                time(report, "lead dashboard, 30 days, segment SMB", runs, () -> dashboard.read(frame, lead,
                        new TeamDashboard.Query("30d", "SMB", null, 10, null, null, Map.of()), now).csms().size());
                // Each of the dashboard's reads on its own, the whole team's slice: which one costs.
                TeamDashboardRows rows = new TeamDashboardRows();
                TeamDashboardRows.Slice slice = new TeamDashboardRows.Slice(teamScope(team).owners(), null, null);
                Instant monthStart = new TeamDashboard.Query("month", null, null, 10, null, null, Map.of()).start(now);
                int parts = Math.max(5, runs / 3);
                time(report, "  part: past weeks' levels (uncached)", parts, () -> db.inTransaction(c -> rows.weekly(c,
                        slice, TeamDashboard.firstWeek(now), TeamDashboard.WEEKS - 1, TeamDashboard.currentWeek(now))
                        .size()));
                time(report, "  part: levels now", parts, () -> db.inTransaction(c -> rows.levelsNow(c, slice,
                        TeamDashboard.currentWeek(now)).size()));
                time(report, "  part: latest score of every account", parts, () -> db.inTransaction(c ->
                        rows.latest(c, slice).size()));
                time(report, "  part: level before the month began (uncached)", parts, () -> db.inTransaction(c ->
                        rows.before(c, slice, monthStart).size()));
                time(report, "  part: renewals", parts, () -> db.inTransaction(c -> rows.renewals(c, slice,
                        today).size()));
                time(report, "  part: score before 24 hours ago (uncached)", parts, () -> db.inTransaction(c ->
                        rows.before(c, slice, now.minus(Duration.ofHours(24))).size()));
                time(report, "  part: accounts by owner", parts, () -> db.inTransaction(c -> rows.ownerAccounts(c,
                        slice, today).size()));
                time(report, "  part: alerts by owner", parts, () -> db.inTransaction(c -> rows.ownerAlerts(c, slice,
                        now, Duration.ofHours(24), now.minus(Duration.ofDays(90))).size()));
                time(report, "  part: components by owner", parts, () -> db.inTransaction(c ->
                        rows.ownerComponents(c, slice).size()));
                Files.createDirectories(Path.of("target"));
                Files.writeString(Path.of("target/portfolio-benchmark.txt"), report);
            }
        }
    }

    /** Times {@code read} warm ({@code runs} after {@value #WARM_UP} warm-up runs) and appends median, p95 and max to the report. */
    private static void time(StringBuilder report, String name, int runs, Supplier<Integer> read) {
        for (int i = 0; i < WARM_UP; i++) {
            read.get();
        }
        int rows = read.get();
        long[] ns = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            read.get();
            ns[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(ns);
        String line = String.format(Locale.ROOT, "%-62s rows=%d median=%.1f ms p95=%.1f ms max=%.1f ms%n", name,
                rows, ns[runs / 2] / 1e6, ns[(int) Math.ceil(runs * 0.95) - 1] / 1e6, ns[runs - 1] / 1e6);
        System.out.print(line); // as it goes: a slow case shows before the whole run ends
        report.append(line);
    }

    /** The scope of a lead whose own e-mail is the first owner and whose team is the rest. */
    private static Scope teamScope(List<String> owners) {
        return Scope.of(new Person(owners.get(0), Set.of(Role.LEAD), Set.copyOf(owners.subList(1, owners.size()))));
    }

    private static Filter filter(Sort sort, boolean desc, String q, Integer renewal, LocalDate today) {
        return new Filter(null, null, null, renewal, false, q, sort, desc, today);
    }

    static String owner(int i) {
        return "csm" + i + "@example.com";
    }

    private static void seed(HikariDataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO account_profiles (account_id, name, segment, coverage_model, csm_owner, renewal_date, "
                    + "updated_at, plan, mrr_minor, currency, seats) SELECT 'acct-' || i, 'Account ' || i, "
                    + "(ARRAY['SMB','MID','ENTERPRISE'])[1 + i % 3], (ARRAY['HIGH_TOUCH','LOW_TOUCH','TECH_TOUCH'])[1 + i % 3], "
                    + "'csm' || (i % " + OWNERS + ") || '@example.com', current_date + (i % 365), now(), 'pro', "
                    + "(i * 137) % 500000, (ARRAY['EUR','USD','JPY'])[1 + i % 3], 10 + i % 90 "
                    + "FROM generate_series(1, " + ACCOUNTS + ") i");
            // Each score with the model's three usage components, as scoring writes them (the dashboard averages them).
            s.execute("INSERT INTO health_scores (account_id, evaluated_at, score, level, reasons, event_count, "
                    + "data_coverage, component_names, component_values, component_weights) "
                    + "SELECT 'acct-' || i, date_trunc('day', now()) - (" + (DAYS - 1) + " - d) * interval '1 day', "
                    + "sc, CASE WHEN sc < 25 THEN 'LV1' WHEN sc < 45 THEN 'LV2' WHEN sc < 65 THEN 'LV3' "
                    + "WHEN sc < 85 THEN 'LV4' ELSE 'LV5' END, ARRAY['r'], d * (i % 7), 0.9, "
                    + "ARRAY['ACTIVITY','LOGIN_FREQUENCY','FEATURE_ADOPTION'], ARRAY[sc, 100 - sc, sc / 2], "
                    + "ARRAY[0.5, 0.3, 0.2] "
                    + "FROM generate_series(1, " + ACCOUNTS + ") i, generate_series(0, " + (DAYS - 1) + ") d, "
                    + "LATERAL (SELECT (50 + 40 * sin(i * 0.37 + d * 0.11))::double precision AS sc) x "
                    + "ORDER BY i, d");
            s.execute("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                    + "model_version, raised_at, received_at, status) SELECT 'alert-' || i, 'acct-' || (i * 5), "
                    + "'SCORE_DROP', 'IMMINENT', 30, 'LV1', ARRAY['x'], 'csm' || ((i * 5) % " + OWNERS + ") || '@example.com', "
                    + "'v1', now(), now(), 'OPEN' FROM generate_series(1, 2000) i");
            // Vacuumed as well as analysed, as a table in service is: otherwise autovacuum's first pass over the
            // freshly loaded rows runs during the measurement (one run measured the portfolio at 1.4 s for it).
            s.execute("VACUUM (ANALYZE)");
        }
    }
}
