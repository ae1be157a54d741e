package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.PortfolioRows;
import io.healthscore.alert.store.PortfolioRows.Filter;
import io.healthscore.alert.store.PortfolioRows.Row;
import io.healthscore.alert.store.PortfolioRows.Sort;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The portfolio's store: account_latest kept by its trigger through in-order, late, replayed and deleted scores;
 * filters, sorts, search and paging done in the database within the owner's scope; the recent scores of a page; and
 * over HTTP, hostile query parameters answered with a 400 page and the CSV export's scope, quoting and neutralising.
 */
@ExtendWith(LocalStackExtension.class)
class PortfolioRowsIT {

    private static final String CY = "cy@example.com";
    private static final Instant T0 = Instant.parse("2026-11-01T06:00:00Z");
    private static final LocalDate TODAY = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC);
    private static AlertServiceFixture service;
    private static Sql sql;
    private static Database db;
    private static PortfolioRows rows;
    private static String base;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "portfolio_rows_it", ConsoleData.settings());
        sql = new Sql(service.jdbcUrl);
        db = service.context().getBean(Database.class);
        rows = service.context().getBean(PortfolioRows.class);
        base = service.context().getBean(EmbeddedServer.class).getURL().toString();
        // Cy's 60 accounts: levels LV1..LV4 in turn, scores rising with the number, one in five SMB (the rest
        // ENTERPRISE), every third TECH_TOUCH, renewals 10 days apart, MRR 100.00 EUR times the number.
        for (int i = 1; i <= 60; i++) {
            String id = String.format("cy-%02d", i);
            profile(id, "Cy Account " + String.format("%02d", i), CY, i % 5 == 0 ? "SMB" : "ENTERPRISE",
                    i % 3 == 0 ? "TECH_TOUCH" : "HIGH_TOUCH", TODAY.plusDays(i * 10L), 10_000L * i, "EUR");
            score(id, T0, i, "LV" + (1 + i % 4), 5);
        }
        profile("cy-wild", "100%_off_deals", CY, "SMB", "LOW_TOUCH", null, null, null);
        profile("cy-formula", "=HYPERLINK(\"http://evil\")", CY, "-SMB", "HIGH_TOUCH", null, 123L, "USD");
        profile("bo-9", "Bo's other", ConsoleData.BO, "SMB", "HIGH_TOUCH", TODAY.plusDays(5), 500L, "JPY");
        score("bo-9", T0, 10, "LV1", 5);
        alert("al-cy-7", "cy-07");
        alert("al-cy-8", "cy-08");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void latestRowFollowsInOrderLateReplayedAndDeletedScores() {
        profile("trig-1", "Trigger", "t@example.com", null, null, null, null, null);
        Instant t1 = T0;
        Instant t2 = T0.plus(1, ChronoUnit.DAYS);
        Instant t3 = T0.plus(2, ChronoUnit.DAYS);
        score("trig-1", t1, 50, "LV3", 10);
        score("trig-1", t3, 40, "LV2", 10);
        assertThat(latest("trig-1")).containsEntry("score", 40.0).containsEntry("level", "LV2")
                .containsEntry("last_activity_at", Timestamp.from(t1));

        score("trig-1", t2, 45, "LV2", 15); // late: older than the latest, its event count rose
        assertThat(latest("trig-1")).containsEntry("score", 40.0)
                .containsEntry("evaluated_at", Timestamp.from(t3))
                .containsEntry("last_activity_at", Timestamp.from(t2));

        sql.update("UPDATE health_scores SET score = 38, level = 'LV1' WHERE account_id = 'trig-1' AND evaluated_at = ?",
                Timestamp.from(t3)); // a replayed record that changed the stored score
        assertThat(latest("trig-1")).containsEntry("score", 38.0).containsEntry("level", "LV1");

        sql.update("DELETE FROM health_scores WHERE account_id = 'trig-1' AND evaluated_at = ?", Timestamp.from(t3));
        assertThat(latest("trig-1")).containsEntry("score", 45.0).containsEntry("evaluated_at", Timestamp.from(t2));

        Instant t4 = T0.plus(3, ChronoUnit.DAYS);
        score("trig-1", t4, 60, "LV3", 20);
        assertThat(latest("trig-1")).containsEntry("score", 60.0).containsEntry("last_activity_at", Timestamp.from(t4));

        sql.update("DELETE FROM health_scores WHERE account_id = 'trig-1'");
        assertThat(sql.rows("SELECT * FROM account_latest WHERE account_id = 'trig-1'")).isEmpty();
    }

    /** The team dashboard averages the latest components from account_latest (V16): they follow the latest score. */
    @Test
    void theLatestScoresComponentsTravelWithItThroughLateReplayedAndDeletedScores() {
        profile("comp-1", "Components", "t@example.com", null, null, null, null, null);
        Instant t1 = T0;
        Instant t2 = T0.plus(1, ChronoUnit.DAYS);
        Instant t3 = T0.plus(2, ChronoUnit.DAYS);
        scoreWithComponents("comp-1", t1, 50, 10.0);
        scoreWithComponents("comp-1", t3, 40, 30.0);
        assertThat(components("comp-1")).isEqualTo("{ACTIVITY,LOGIN_FREQUENCY}|{30,70}|{0.6,0.4}");

        scoreWithComponents("comp-1", t2, 45, 20.0); // late: the latest's components stay
        assertThat(components("comp-1")).isEqualTo("{ACTIVITY,LOGIN_FREQUENCY}|{30,70}|{0.6,0.4}");

        sql.update("UPDATE health_scores SET component_values = ARRAY[35, 70]::float8[] WHERE account_id = 'comp-1' "
                + "AND evaluated_at = ?", Timestamp.from(t3)); // a replayed record that changed the stored score
        assertThat(components("comp-1")).isEqualTo("{ACTIVITY,LOGIN_FREQUENCY}|{35,70}|{0.6,0.4}");

        sql.update("DELETE FROM health_scores WHERE account_id = 'comp-1' AND evaluated_at = ?", Timestamp.from(t3));
        assertThat(components("comp-1")).isEqualTo("{ACTIVITY,LOGIN_FREQUENCY}|{20,70}|{0.6,0.4}");
    }

    private static void scoreWithComponents(String id, Instant at, double score, double activity) {
        sql.update("INSERT INTO health_scores (account_id, evaluated_at, score, level, reasons, component_names, "
                + "component_values, component_weights) VALUES (?,?,?,'LV2',ARRAY['r'],ARRAY['ACTIVITY','LOGIN_FREQUENCY'],"
                + "ARRAY[?, 70]::float8[],ARRAY[0.6,0.4]::float8[])", id, Timestamp.from(at), score, activity);
    }

    private static String components(String id) {
        return sql.strings("SELECT component_names::text || '|' || component_values::text || '|' "
                + "|| component_weights::text FROM account_latest WHERE account_id = ?", id).get(0);
    }

    @Test
    void pagesAreFiftyRowsInScopeWithTheTotal() {
        PortfolioRows.Page first = page(filter(null, null, null, null, false, null, Sort.ACCOUNT, false), 0);
        assertThat(first.total()).isEqualTo(62);
        assertThat(first.rows()).hasSize(50);
        assertThat(first.rows().get(0).name()).isEqualTo("100%_off_deals");
        assertThat(first.rows()).extracting(Row::owner).containsOnly(CY);
        PortfolioRows.Page second = page(filter(null, null, null, null, false, null, Sort.ACCOUNT, false), 50);
        assertThat(second.rows()).hasSize(12).extracting(Row::accountId).contains("cy-60")
                .doesNotContainAnyElementsOf(first.rows().stream().map(Row::accountId).toList());
    }

    @Test
    void filtersAndSortsAreDoneInTheDatabase() {
        assertThat(ids(filter("LV1", null, null, null, false, null, Sort.SCORE, true)))
                .startsWith("cy-60", "cy-56", "cy-52").allMatch(id -> Integer.parseInt(id.substring(3)) % 4 == 0);
        assertThat(ids(filter(null, "SMB", "TECH_TOUCH", null, false, null, Sort.MRR, false)))
                .containsExactly("cy-15", "cy-30", "cy-45", "cy-60");
        assertThat(ids(filter(null, null, null, 30, false, null, Sort.RENEWAL, false)))
                .containsExactly("cy-01", "cy-02", "cy-03");
        assertThat(ids(filter(null, null, null, null, true, null, Sort.ACCOUNT, false)))
                .containsExactly("cy-07", "cy-08");
        assertThat(ids(filter(null, null, null, null, false, null, Sort.ALERTS, true)).subList(0, 2))
                .containsExactlyInAnyOrder("cy-07", "cy-08");
        assertThat(ids(filter(null, null, null, null, false, null, Sort.MRR, true)).get(0)).isEqualTo("cy-60");
    }

    @Test
    void searchMatchesNameOrIdWithWildcardsTakenLiterally() {
        assertThat(ids(filter(null, null, null, null, false, "100%_", Sort.ACCOUNT, false))).containsExactly("cy-wild");
        assertThat(ids(filter(null, null, null, null, false, "%", Sort.ACCOUNT, false))).containsExactly("cy-wild");
        assertThat(ids(filter(null, null, null, null, false, "_", Sort.ACCOUNT, false))).containsExactly("cy-wild");
        assertThat(ids(filter(null, null, null, null, false, "CY-4", Sort.ACCOUNT, false))).hasSize(10);
        assertThat(ids(filter(null, null, null, null, false, "account 07", Sort.ACCOUNT, false)))
                .containsExactly("cy-07");
    }

    @Test
    void recentScoresCoverTheLast31DaysOfThePagesAccountsOnly() {
        profile("hist-1", "History", "h@example.com", null, null, null, null, null);
        for (int d = 0; d < 90; d++) {
            score("hist-1", T0.plus(d, ChronoUnit.DAYS), d, "LV2", d);
        }
        var recent = db.inTransaction(c -> rows.recentScores(c, List.of("hist-1", "cy-01")));
        assertThat(recent.get("hist-1")).hasSize(32);
        assertThat(recent.get("hist-1").get(31).score()).isEqualTo(89.0);
        assertThat(recent.get("hist-1").get(0).score()).isEqualTo(58.0);
        assertThat(recent.get("cy-01")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"level=LV9", "level=%27%3B+DROP+TABLE+alerts%3B--", "sort=score;DROP", "sort=password",
            "dir=sideways", "page=0", "page=-1", "page=abc", "page=99999999999", "renewal=0", "renewal=731",
            "renewal=1e3", "coverage=ALL", "alerts=maybe", "view=everyone", "nope=1", "level=LV1&level=LV2",
            "q=%00", "segment=a%0Db"})
    void hostileParametersGetA400Page(String query) {
        ConsoleClient cy = signedInCy();
        HttpResponse<String> page = cy.get("/console/?" + query);
        assertThat(page.statusCode()).as(query).isEqualTo(400);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Bad request");
        assertThat(cy.get("/console/portfolio.csv?" + query).statusCode()).as(query).isEqualTo(400);
    }

    @Test
    void anOversizeSearchIsA400AndALongButAllowedOneIsFine() {
        ConsoleClient cy = signedInCy();
        assertThat(cy.get("/console/?q=" + "x".repeat(101)).statusCode()).isEqualTo(400);
        assertThat(cy.get("/console/?q=" + "x".repeat(100)).statusCode()).isEqualTo(200);
        assertThat(cy.get("/console/?q=" + URLEncoder.encode("Ω'\"<script>", StandardCharsets.UTF_8)).body())
                .contains("No accounts match").doesNotContain("<script>");
    }

    @Test
    void csvHasTheSameFiltersAndScopeQuotedAndNeutralised() {
        ConsoleClient cy = signedInCy();
        HttpResponse<String> csv = cy.get("/console/portfolio.csv?q=HYPERLINK");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"portfolio.csv\"");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("account_id,name,level,score,mrr,currency");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith("cy-formula,\"'=HYPERLINK(\"\"http://evil\"\")\",")
                .contains(",'-SMB,").contains(",1.23,USD,");

        String all = cy.get("/console/portfolio.csv?sort=account").body();
        assertThat(all.split("\r\n")).hasSize(1 + 62).noneMatch(l -> l.contains("bo-9"));
        assertThat(cy.get("/console/portfolio.csv?level=LV1&sort=mrr&dir=desc").body().split("\r\n")[1])
                .startsWith("cy-60,");
    }

    private static ConsoleClient signedInCy() {
        ConsoleClient cy = new ConsoleClient(base);
        assertThat(cy.signIn("cy", ConsoleData.PASSWORD).statusCode()).isEqualTo(303);
        return cy;
    }

    private static Filter filter(String level, String segment, String coverage, Integer renewal, boolean open,
                                 String q, Sort sort, boolean desc) {
        return new Filter(level, segment, coverage, renewal, open, q, sort, desc, TODAY);
    }

    private static PortfolioRows.Page page(Filter f, int offset) {
        return db.inTransaction(c -> rows.page(c, List.of(CY), f, offset, 50));
    }

    private static List<String> ids(Filter f) {
        return page(f, 0).rows().stream().map(Row::accountId).toList();
    }

    private static Map<String, Object> latest(String id) {
        List<Map<String, Object>> r = sql.rows("SELECT * FROM account_latest WHERE account_id = ?", id);
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    private static void profile(String id, String name, String owner, String segment, String coverage,
                                LocalDate renewal, Long mrr, String currency) {
        sql.update("INSERT INTO account_profiles (account_id, name, csm_owner, segment, coverage_model, renewal_date, "
                + "mrr_minor, currency, updated_at) VALUES (?,?,?,?,?,?,?,?,now())", id, name, owner, segment,
                coverage, renewal == null ? null : Date.valueOf(renewal), mrr, currency);
    }

    private static void score(String id, Instant at, double score, String level, long events) {
        sql.update("INSERT INTO health_scores (account_id, evaluated_at, score, level, reasons, event_count) "
                + "VALUES (?,?,?,?,ARRAY['r'],?)", id, Timestamp.from(at), score, level, events);
    }

    private static void alert(String alertId, String accountId) {
        sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                + "model_version, raised_at, received_at, status) VALUES (?,?,'SCORE_DROP','IMMINENT',40.0,'LV1',"
                + "ARRAY['x'],?,'v1',now(),now(),'OPEN')", alertId, accountId, CY);
    }
}
