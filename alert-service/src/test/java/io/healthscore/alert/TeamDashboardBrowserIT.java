package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;

/**
 * The leader dashboard in a real browser, in English and in Japanese: Lee leads Ana and owns one account himself; Bo
 * is outside his team. The level-flow matrix, renewals with MRR at risk, the change feed and the CSM comparison hold
 * exactly the team's figures (Bo's never), a CSM and an operator are refused the page, the language follows the
 * browser until the person chooses one in their settings. Writes docs/console/team.en.png and team.ja.png.
 */
@ExtendWith(LocalStackExtension.class)
class TeamDashboardBrowserIT {

    private static final String LEE = "lee@example.com";
    private static ConsoleBrowser browser;
    private static WebDriver driver;
    private static String base;

    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = ConsoleBrowser.screenshotOnFailure(() -> browser);

    @BeforeAll
    static void start(LocalStack stack) throws IOException {
        browser = ConsoleBrowser.start(stack, "team_dashboard_browser_it", b -> Map.of());
        driver = browser.driver;
        base = browser.base;
        Sql sql = browser.sql;
        Instant now = Instant.now();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // Ana's four: two climbed Lv1 -> Lv2 (one in the last hour), one fell Lv3 -> Lv2 today, one stayed at Lv4.
        account(sql, "acct-dash-1", "Kita Trading", ConsoleData.ANA, today.plusDays(10), 120_000L, "JPY");
        score(sql, "acct-dash-1", now.minus(Duration.ofDays(35)), 30, "LV1", 60, 30);
        score(sql, "acct-dash-1", now.minus(Duration.ofHours(1)), 50, "LV2", 60, 30);
        account(sql, "acct-dash-2", "Minami Foods", ConsoleData.ANA, null, null, null);
        score(sql, "acct-dash-2", now.minus(Duration.ofDays(35)), 32, "LV1", 60, 30);
        score(sql, "acct-dash-2", now.minus(Duration.ofDays(10)), 48, "LV2", 60, 30);
        account(sql, "acct-dash-3", "Higashi Steel", ConsoleData.ANA, today.plusDays(45), 500_000L, "EUR");
        score(sql, "acct-dash-3", now.minus(Duration.ofDays(35)), 70, "LV3", 60, 30);
        score(sql, "acct-dash-3", now.minus(Duration.ofHours(2)), 55, "LV2", 60, 30);
        account(sql, "acct-dash-4", "Nishi Logistics", ConsoleData.ANA, today.plusDays(75), 1_000_000L, "USD");
        score(sql, "acct-dash-4", now.minus(Duration.ofDays(35)), 85, "LV4", 60, 30);
        score(sql, "acct-dash-4", now.minus(Duration.ofHours(3)), 83, "LV4", 60, 30);
        // Lee's own account: the same activity, far more logins, so Ana's logins pull her portfolio down.
        account(sql, "acct-dash-lee", "Chuo Bank", LEE, null, null, null);
        score(sql, "acct-dash-lee", now.minus(Duration.ofDays(3)), 90, "LV4", 60, 90);
        // Bo is not in Lee's team: his renewal, his fall and his alerts never appear.
        account(sql, "acct-dash-bo", "Bo Renewals", ConsoleData.BO, today.plusDays(5), 999_999L, "JPY");
        score(sql, "acct-dash-bo", now.minus(Duration.ofDays(35)), 75, "LV3", 60, 30);
        score(sql, "acct-dash-bo", now.minus(Duration.ofHours(1)), 20, "LV1", 60, 30);
        // Two of Ana's alerts acknowledged after 2 and 4 hours: her median is 3 hours.
        acknowledged(sql, "alert-dash-a", "acct-dash-3", now.minus(Duration.ofDays(5)), Duration.ofHours(2));
        acknowledged(sql, "alert-dash-b", "acct-dash-3", now.minus(Duration.ofDays(4)), Duration.ofHours(4));
    }

    private static void account(Sql sql, String id, String name, String owner, LocalDate renewal, Long mrr,
                                String currency) {
        sql.update("INSERT INTO account_profiles (account_id, name, csm_owner, coverage_model, renewal_date, "
                + "mrr_minor, currency, updated_at) VALUES (?,?,?,'HIGH_TOUCH',?,?,?,now())", id, name, owner,
                renewal == null ? null : Date.valueOf(renewal), mrr, currency);
    }

    private static void score(Sql sql, String id, Instant at, double score, String level, double activity,
                              double logins) {
        sql.update("INSERT INTO health_scores (account_id, evaluated_at, score, level, reasons, component_names, "
                + "component_values, component_weights) VALUES (?,?,?,?,ARRAY['r'],ARRAY['ACTIVITY','LOGIN_FREQUENCY'],"
                + "ARRAY[?,?]::float8[],ARRAY[0.5,0.5]::float8[])", id, Timestamp.from(at), score, level, activity,
                logins);
    }

    private static void acknowledged(Sql sql, String alertId, String accountId, Instant raised, Duration after) {
        sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                + "model_version, raised_at, received_at, status, acknowledged_at, acknowledged_by) "
                + "VALUES (?,?,'SCORE_DROP','SUSPECTED',50,'LV2',ARRAY['r'],?,'v1',?,?,'ACKNOWLEDGED',?,?)", alertId,
                accountId, ConsoleData.ANA, Timestamp.from(raised), Timestamp.from(raised),
                Timestamp.from(raised.plus(after)), ConsoleData.ANA);
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
    void aLeadSeesTheFlowMatrixOfTheirTeamOnly() {
        LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
        TeamPage team = TeamPage.open(driver, base, "?period=30d");

        assertThat(team.heading()).isEqualTo("Team dashboard");
        assertThat(team.flowCell("LV1", "LV2")).isEqualTo("2");
        assertThat(team.flowCell("LV3", "LV2")).isEqualTo("1");
        assertThat(team.flowCell("LV3", "LV1")).as("Bo's fall is not Lee's team's").isEqualTo("0");
        assertThat(team.moves()).contains("Lv1 → Lv2: 2 in the last 30 days", "Lv3 → Lv2: 1 in the last 30 days");
        assertThat(team.openCell("LV1", "LV2").cellAccounts()).containsExactly("acct-dash-1", "acct-dash-2");
        assertThat(team.text()).doesNotContain("acct-dash-bo", "Bo Renewals", ConsoleData.BO);
        // This week: acct-ana-1 at Lv1; acct-dash-1..3 at Lv2; acct-ana-2 at Lv3; acct-dash-4 and Lee's at Lv4; none
        // without a score (the column is there: twelve weeks ago no account had one).
        assertThat(team.latestWeek()).containsExactly("1", "3", "1", "2", "0", "7");
    }

    @Test
    void renewalsShowMrrAtRiskByLevelAndTheChangeFeedTheDaysMoves() {
        LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
        TeamPage team = TeamPage.open(driver, base, "?period=30d");

        assertThat(team.renewal("LV2", 30)).isEqualTo("1 account · JPY 120,000");
        assertThat(team.renewal("LV2", 60)).isEqualTo("1 account · EUR 5,000.00");
        assertThat(team.renewal("LV4", 90)).isEqualTo("1 account · USD 10,000.00");
        assertThat(team.renewal("LV1", 30)).as("Bo's renewal").isEqualTo("–");
        assertThat(team.mrrAtRisk(30)).isEqualTo("JPY 120,000");
        assertThat(team.mrrAtRisk(60)).isEqualTo("EUR 5,000.00");
        assertThat(team.mrrAtRisk(90)).isEqualTo("–");

        assertThat(team.changedAccounts()).containsExactly("acct-dash-1", "acct-dash-3");
        assertThat(team.changeCell("acct-dash-1", 2)).isEqualTo("Lv1 → Lv2");
        assertThat(team.changeCell("acct-dash-1", 4)).isEqualTo("+20.0");
        assertThat(team.changeCell("acct-dash-3", 4)).isEqualTo("−15.0");
        TeamPage wider = TeamPage.open(driver, base, "?period=30d&points=1");
        assertThat(wider.changedAccounts()).containsExactly("acct-dash-1", "acct-dash-3", "acct-dash-4");
    }

    @Test
    void theCsmComparisonShowsEachPortfolioAgainstTheTeam() {
        LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
        TeamPage team = TeamPage.open(driver, base, "");

        assertThat(team.csms()).containsExactly(ConsoleData.ANA, LEE);
        // Ana: 35.5, 72, 50, 48, 55, 83 -> 57.25; the team with Lee's 90: 61.93.
        assertThat(team.csmCell(ConsoleData.ANA, 0)).isEqualTo("6");
        assertThat(team.csmCell(ConsoleData.ANA, 1)).isEqualTo("57.3");
        assertThat(team.csmCell(ConsoleData.ANA, 2)).isEqualTo("−4.7");
        // Logins: Ana's five component rows average 30, the team's 42; half the weight: -6 points.
        assertThat(team.csmCell(ConsoleData.ANA, 3)).isEqualTo("Login frequency (−6.0)");
        assertThat(team.csmCell(ConsoleData.ANA, 4)).isEqualTo("3");
        assertThat(team.csmCell(ConsoleData.ANA, 5)).as("raised days ago, never acknowledged").isEqualTo("3");
        assertThat(team.csmCell(ConsoleData.ANA, 6)).isEqualTo("3 h 00 min");
        assertThat(team.csmCell(ConsoleData.ANA, 7)).isEqualTo("2");
        assertThat(team.csmCell(LEE, 2)).isEqualTo("+28.1");
        assertThat(team.csmCell(LEE, 3)).isEqualTo("–");
    }

    @Test
    void aCsmAndAnOperatorAreRefusedTheDashboard() {
        LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        assertThat(driver.findElements(By.id("nav-team"))).isEmpty();
        driver.get(base + "/console/team");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("The team dashboard is for leads");
        assertThat(driver.getPageSource()).doesNotContain("flow-matrix");

        browser.forgetSession();
        LoginPage.open(driver, base).signIn("olga", ConsoleData.PASSWORD);
        driver.get(base + "/console/team");
        assertThat(driver.getPageSource()).doesNotContain("flow-matrix").contains("The team dashboard is for leads");
    }

    @Test
    void aBadQueryIsA400PageNamingTheParameter() {
        LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
        ConsoleClient client = new ConsoleClient(base);
        client.signIn("lee", ConsoleData.PASSWORD);
        for (String query : new String[] {"?period=year", "?points=0", "?points=abc", "?from=LV1", "?from=LV9&to=LV1",
                "?owner=bo@example.com", "?period=7d&period=30d", "?segment=%00"}) {
            HttpResponse<String> r = client.get("/console/team" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.body()).as(query).doesNotContain("flow-matrix");
        }
        assertThat(client.get("/console/team?segment=" + "s".repeat(101)).statusCode()).isEqualTo(400);
    }

    @Test
    void theLanguageFollowsTheBrowserUntilThePersonChoosesOne() {
        ConsoleClient japanese = new ConsoleClient(base);
        String form = japanese.get("/console/login", "Accept-Language", "ja,en-US;q=0.8").body();
        assertThat(form).contains("<html lang=\"ja\">");
        japanese.post("/console/login", ConsoleClient.form(Map.of("csrf", ConsoleClient.csrf(form), "username", "lee",
                "password", ConsoleData.PASSWORD)), "Accept-Language", "ja,en-US;q=0.8");
        String page = japanese.get("/console/team?period=30d").body();
        assertThat(page).contains("<html lang=\"ja\">", "<h1>チームダッシュボード</h1>", "Lv1 → Lv2：過去30日間 2件");

        // In the browser (which asks for English), Lee picks Japanese in his settings.
        LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
        assertThat(TeamPage.open(driver, base, "").lang()).isEqualTo("en");
        driver.findElement(By.id("nav-settings")).click();
        driver.findElement(By.id("language-ja")).click();
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.id("settings-save")));
        assertThat(driver.findElement(By.id("settings-saved")).getText()).isEqualTo("設定を保存しました。");

        TeamPage team = TeamPage.open(driver, base, "?period=30d");
        try {
            assertThat(team.lang()).isEqualTo("ja");
            assertThat(team.heading()).isEqualTo("チームダッシュボード");
            assertThat(team.moves()).contains("Lv1 → Lv2：過去30日間 2件");
            assertThat(team.renewal("LV2", 30)).isEqualTo("1件 · ￥120,000");
            assertThat(team.renewal("LV2", 60)).isEqualTo("1件 · €5,000.00");
            assertThat(team.csmCell(ConsoleData.ANA, 3)).isEqualTo("ログイン頻度（−6.0）");
            assertThat(team.csmCell(ConsoleData.ANA, 6)).isEqualTo("3時間0分");
            assertThat(browser.sql.rows("SELECT language FROM console_user_settings WHERE email = ?", LEE))
                    .extracting(r -> r.get("language")).containsExactly("ja");
            screenshot("../docs/console/team.ja.png");

            // The choice lasts beyond the session: signed in again from the English browser, still Japanese.
            browser.forgetSession();
            LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
            assertThat(TeamPage.open(driver, base, "").lang()).isEqualTo("ja");
        } finally {
            browser.sql.update("DELETE FROM console_user_settings WHERE email = ?", LEE);
        }
        browser.forgetSession();
        LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
        screenshot("../docs/console/team.en.png");
        assertThat(Path.of("../docs/console/team.en.png")).isNotEmptyFile();
        assertThat(Path.of("../docs/console/team.ja.png")).isNotEmptyFile();
    }

    @Test
    void aLeadChoosesTheirNotificationsInEitherLanguage() {
        LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
        try {
            // Lee asks for the daily digest, in his own Slack only, for his team's accounts too
            driver.findElement(By.id("nav-settings")).click();
            assertThat(driver.findElement(By.id("notify-when-immediate")).isSelected()).isTrue();
            assertThat(driver.findElement(By.id("notify-email")).isSelected()).isTrue();
            driver.findElement(By.id("notify-when-digest")).click();
            driver.findElement(By.id("notify-email")).click();
            driver.findElement(By.id("notify-slack")).click();
            driver.findElement(By.id("slack-webhook")).sendKeys(browser.service.receiver.url("/hooks/T1/B2/lee-7x2q"));
            driver.findElement(By.id("notify-reach-team")).click();
            Browser.clickAndWaitForNewPage(driver, driver.findElement(By.id("settings-save")));

            // Then the page says so, shows the webhook masked, and the database holds the choice
            assertThat(driver.findElement(By.id("settings-saved")).getText()).isEqualTo("Your settings are saved.");
            assertThat(driver.findElement(By.id("notify-when-digest")).isSelected()).isTrue();
            assertThat(driver.findElement(By.id("notify-email")).isSelected()).isFalse();
            assertThat(driver.findElement(By.id("notify-slack")).isSelected()).isTrue();
            assertThat(driver.findElement(By.id("notify-reach-team")).isSelected()).isTrue();
            assertThat(driver.findElement(By.id("slack-webhook-saved")).getText()).endsWith("…7x2q")
                    .doesNotContain("lee-7x2q");
            assertThat(driver.findElement(By.id("slack-webhook")).getAttribute("value")).isEmpty();
            assertThat(browser.sql.rows("SELECT notify_when, notify_email, notify_slack, notify_scope "
                    + "FROM console_user_settings WHERE email = ?", LEE)).singleElement().isEqualTo(Map.of(
                            "notify_when", "digest", "notify_email", false, "notify_slack", true, "notify_scope", "team"));
            settingsScreenshot("../docs/console/settings.en.png");

            // In Japanese, the same page, and a webhook of another host is refused in Japanese
            browser.inJapanese(() -> {
                LoginPage.open(driver, base).signIn("lee", ConsoleData.PASSWORD);
                browser.navigateTo("/console/settings");
                assertThat(driver.findElement(By.cssSelector("#notifications > legend")).getText()).isEqualTo("通知");
                assertThat(driver.findElement(By.id("slack-webhook-saved")).getText()).startsWith("保存済みの Webhook：");
                settingsScreenshot("../docs/console/settings.ja.png");
                driver.findElement(By.id("slack-webhook")).sendKeys("https://hooks.slack.com.evil.example/services/x");
                Browser.clickAndWaitForNewPage(driver, driver.findElement(By.id("settings-save")));
                assertThat(driver.findElement(By.tagName("main")).getText()).contains("で始まる Slack の Webhook だけです");
            });
            assertThat(browser.sql.rows("SELECT slack_webhook FROM console_user_settings WHERE email = ?", LEE))
                    .extracting(r -> r.get("slack_webhook")).containsExactly(browser.service.receiver.url("/hooks/T1/B2/lee-7x2q"));
        } finally {
            browser.sql.update("DELETE FROM console_user_settings WHERE email = ?", LEE);
            browser.forgetSession();
        }
        assertThat(Path.of("../docs/console/settings.en.png")).isNotEmptyFile();
        assertThat(Path.of("../docs/console/settings.ja.png")).isNotEmptyFile();
    }

    private static void settingsScreenshot(String file) {
        driver.manage().window().setSize(new Dimension(1280, 1350));
        try {
            browser.save(file);
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 860));
        }
    }

    private static void screenshot(String file) {
        TeamPage.open(driver, base, "?period=30d&from=LV1&to=LV2");
        driver.manage().window().setSize(new Dimension(1280, 2400));
        try {
            browser.save(file);
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 860));
        }
    }
}
