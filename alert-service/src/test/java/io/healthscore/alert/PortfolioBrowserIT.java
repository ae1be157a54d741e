package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * "My accounts" in a real browser: a CSM sees only their accounts, 50 to a page with the total; filters, sorting and
 * search narrow and order the rows; the sparkline and changes have text; a lead switches between mine and team (and
 * filters keep the team view); the CSV download holds the same rows and scope. Writes docs/console/portfolio.png.
 */
@ExtendWith(LocalStackExtension.class)
class PortfolioBrowserIT {

    private static final String COOKIE = "hs_console";
    private static final Instant LATEST = Instant.parse("2026-11-30T08:00:00Z");
    private static ConsoleBrowser browser;
    private static WebDriver driver;
    private static Sql sql;
    private static String base;

    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = ConsoleBrowser.screenshotOnFailure(() -> browser);

    @BeforeAll
    static void start(LocalStack stack) throws IOException {
        browser = ConsoleBrowser.start(stack, "portfolio_browser_it", base -> Map.of());
        driver = browser.driver;
        sql = browser.sql;
        base = browser.base;
        // 55 more accounts for Ana, with 40 days of scores each, so the page has a second page and sparklines.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String[] currencies = {"EUR", "USD", "JPY", "GBP"};
        for (int i = 1; i <= 55; i++) {
            String id = String.format("acct-ana-p%02d", i);
            sql.update("INSERT INTO account_profiles (account_id, name, csm_owner, segment, coverage_model, "
                    + "renewal_date, mrr_minor, currency, updated_at) VALUES (?,?,?,?,?,?,?,?,now())", id,
                    String.format("Northwind %02d", i), ConsoleData.ANA, i % 2 == 0 ? "SMB" : "ENTERPRISE",
                    i % 3 == 0 ? "TECH_TOUCH" : "HIGH_TOUCH", Date.valueOf(today.plusDays(i * 7L)),
                    1_000L * i * i, currencies[i % 4]);
            for (int d = 39; d >= 0; d--) {
                double score = Math.max(0, Math.min(100, 30 + i + 15 * Math.sin((i + d) / 5.0) - (d < 7 ? i % 5 : 0)));
                String level = score < 25 ? "LV1" : score < 45 ? "LV2" : score < 65 ? "LV3" : "LV4";
                sql.update("INSERT INTO health_scores (account_id, evaluated_at, score, level, reasons, event_count) "
                        + "VALUES (?,?,?,?,ARRAY['r'],?)", id, Timestamp.from(LATEST.minus(d, ChronoUnit.DAYS)),
                        score, level, (40L - d) * (i % 4));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.forgetSession();
    }

    @Test
    void aCsmSeesOnlyTheirAccountsFiftyToAPage() {
        PortfolioPage portfolio = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        assertThat(portfolio.count()).isEqualTo("57 accounts, page 1 of 2");
        assertThat(portfolio.accountIds()).hasSize(50).doesNotContain("acct-bo-1").startsWith("acct-ana-1");
        assertThat(portfolio.levelOf("acct-ana-1")).isEqualTo("Lv1");
        String first = portfolio.accountIds().get(49);
        PortfolioPage second = portfolio.goToPage(2);
        assertThat(second.count()).isEqualTo("57 accounts, page 2 of 2");
        assertThat(second.accountIds()).hasSize(7).doesNotContain(first, "acct-bo-1");
    }

    @Test
    void filtersSortAndSearchNarrowAndOrderTheRows() {
        PortfolioPage portfolio = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        PortfolioPage lv1 = portfolio.filter(null, "LV1", false);
        assertThat(lv1.accountIds()).isNotEmpty().allMatch(id -> lv1.levelOf(id).equals("Lv1"));

        PortfolioPage open = lv1.filter(null, "", true);
        assertThat(open.accountIds()).containsExactlyInAnyOrder("acct-ana-1", "acct-ana-2");

        PortfolioPage byMrr = open.filter("", "", false).sortBy("MRR").sortBy("MRR");
        assertThat(driver.getCurrentUrl()).contains("sort=mrr").contains("dir=desc");
        assertThat(byMrr.accountIds().get(0)).isEqualTo("acct-ana-p55");
        assertThat(byMrr.cell("acct-ana-p55", 6)).isEqualTo("GBP 30,250.00");

        PortfolioPage found = byMrr.filter("northwind 1", null, false);
        assertThat(found.accountIds()).hasSize(10).allMatch(id -> id.startsWith("acct-ana-p1"));
        assertThat(found.count()).isEqualTo("10 accounts");

        PortfolioPage none = found.filter("100%", null, false);
        assertThat(none.body()).contains("No accounts match these filters.");
    }

    @Test
    void sparklineAndChangesHaveText() {
        PortfolioPage portfolio = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD).filter(
                "Northwind 07", null, false);
        assertThat(portfolio.sparkLabel("acct-ana-p07")).startsWith("Score over 30 days: 31 scores, from ");
        assertThat(portfolio.changeText("acct-ana-p07", 7)).matches("(up|down) \\d+\\.\\d points vs 7 days ago"
                + "|unchanged vs 7 days ago");
        assertThat(portfolio.changeText("acct-ana-p07", 30)).contains("vs 30 days ago");
        assertThat(portfolio.cell("acct-ana-p07", 6)).isEqualTo("GBP 490.00");
    }

    @Test
    void aLeadSwitchesBetweenMineAndTeamAndFiltersKeepTheTeamView() {
        PortfolioPage mine = LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
        assertThat(mine.heading()).isEqualTo("My accounts");
        assertThat(mine.accountIds()).isEmpty();
        PortfolioPage team = mine.switchTo("Team");
        assertThat(team.heading()).isEqualTo("My team's accounts");
        assertThat(team.count()).startsWith("57 accounts");
        assertThat(team.accountIds()).doesNotContain("acct-bo-1");
        PortfolioPage filtered = team.filter(null, "LV3", false);
        assertThat(driver.getCurrentUrl()).contains("view=team");
        assertThat(filtered.heading()).isEqualTo("My team's accounts");
        assertThat(filtered.accountIds()).contains("acct-ana-2");
        assertThat(filtered.sortBy("Score").heading()).isEqualTo("My team's accounts");
        assertThat(filtered.switchTo("Mine").accountIds()).isEmpty();
    }

    @Test
    void theCsvDownloadHasTheSameRowsAndScope() throws Exception {
        PortfolioPage portfolio = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD)
                .filter("northwind", null, false).sortBy("MRR");
        String cookie = driver.manage().getCookieNamed(COOKIE).getValue();
        HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                portfolio.csvHref())).header("Cookie", COOKIE + "=" + cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(56);
        assertThat(lines[1]).startsWith("acct-ana-p01,Northwind 01,");
        assertThat(lines[55]).startsWith("acct-ana-p55,Northwind 55,").contains(",30250.00,GBP,");
        assertThat(csv.body()).doesNotContain("acct-bo-1", "acct-ana-1,");

        HttpResponse<String> signedOut = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                base + "/console/portfolio.csv")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedOut.statusCode()).isEqualTo(303);
    }

    @Test
    void screenshot() {
        LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2600));
        try {
            // Every column fits a 1280 px window: nothing scrolls sideways.
            Object widths = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("const t = document"
                    + ".getElementById('portfolio'); return [t.getBoundingClientRect().right, "
                    + "document.documentElement.clientWidth, document.documentElement.scrollWidth];");
            java.util.List<?> w = (java.util.List<?>) widths;
            assertThat(((Number) w.get(0)).doubleValue()).as("table's right edge within the window")
                    .isLessThanOrEqualTo(((Number) w.get(1)).doubleValue());
            assertThat(((Number) w.get(2)).longValue()).as("no horizontal scrolling")
                    .isLessThanOrEqualTo(((Number) w.get(1)).longValue());
            browser.save("../docs/console/portfolio.en.png");
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 860));
        }
        assertThat(Path.of("../docs/console/portfolio.en.png")).isNotEmptyFile();
    }

    /**
     * A score read from health-scores reaches the open page without a reload: the page hears of it on /console/live
     * and swaps its table (the window's marker survives, so the page was not loaded again).
     */
    @Test
    void aNewScoreChangesTheOpenPortfolioWithoutAReload() {
        PortfolioPage portfolio = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
        js.executeScript("window.notReloaded = 'yes';");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                "on".equals(driver.findElement(By.tagName("html")).getAttribute("data-live-state")));
        assertThat(driver.findElement(By.id("freshness-text")).getText()).isNotBlank();
        assertThat(portfolio.cell("acct-ana-1", 2)).isNotEqualTo("12.3");

        browser.service.send(browser.service.topics.healthScores(), "acct-ana-1",
                Records.score("acct-ana-1", 12.3, Instant.now()));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> assertThat(new PortfolioPage(driver).cell("acct-ana-1", 2)).isEqualTo("12.3"));
        assertThat(js.executeScript("return window.notReloaded;")).isEqualTo("yes");
        assertThat(driver.findElement(By.id("live-updated")).getText()).startsWith("· Updated ");
    }

    @Test
    void thePortfolioSpeaksJapaneseWithJapaneseDatesAndMoney() {
        browser.inJapanese(() -> {
            PortfolioPage portfolio = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);

            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
            assertThat(portfolio.heading()).isEqualTo("担当アカウント");
            assertThat(portfolio.count()).isEqualTo("57件のアカウント（2ページ中1ページ目）");
            assertThat(portfolio.levelOf("acct-ana-1")).isEqualTo("Lv1");
            assertThat(portfolio.sparkLabel("acct-ana-p07")).startsWith("過去30日間のスコア：31件、");
            assertThat(portfolio.changeText("acct-ana-p07", 7)).matches("7日前より\\d+\\.\\dポイント(上昇|低下)");
            assertThat(portfolio.cell("acct-ana-p07", 6)).isEqualTo("£490.00");
            assertThat(portfolio.cell("acct-ana-p07", 7)).matches("\\d{4}/\\d{2}/\\d{2}|–");
            PortfolioPage byMrr = portfolio.sortBy("MRR").sortBy("MRR");
            assertThat(byMrr.accountIds().get(0)).isEqualTo("acct-ana-p55");
            assertThat(byMrr.cell("acct-ana-p55", 6)).isEqualTo("£30,250.00");
            PortfolioPage none = byMrr.filter("no-such-account", "", false);
            assertThat(none.body()).contains("この条件に合うアカウントはありません。");

            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2600));
            try {
                driver.get(base + "/console/");
                browser.save("../docs/console/portfolio.ja.png");
            } finally {
                driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 860));
            }
        });
        assertThat(Path.of("../docs/console/portfolio.ja.png")).isNotEmptyFile();
    }
}
