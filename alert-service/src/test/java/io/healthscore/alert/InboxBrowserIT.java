package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
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
 * The alert inbox in a real browser: a CSM sees only their own open alerts, grouped by severity with their
 * deliveries; acknowledges, snoozes, assigns, resolves with an outcome and bulk-acknowledges, each change still there
 * after a reload and in the database; another CSM's alert is 403 and a form without its CSRF token is refused.
 */
@ExtendWith(LocalStackExtension.class)
class InboxBrowserIT {

    private static ConsoleBrowser browser;
    private static WebDriver driver;
    private static Sql sql;
    private static String base;

    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = ConsoleBrowser.screenshotOnFailure(() -> browser);

    @BeforeAll
    static void start(LocalStack stack) throws IOException {
        browser = ConsoleBrowser.start(stack, "inbox_browser_it", b -> Map.of());
        driver = browser.driver;
        sql = browser.sql;
        base = browser.base;
        sql.update("INSERT INTO deliveries (idempotency_key, alert_id, account_id, channel, target, body, status, "
                + "next_attempt_at, created_at, updated_at) VALUES ('inbox-d1', 'alert-ana-1', 'acct-ana-1', 'SLACK', 'team', '{}', "
                + "'DELIVERED', now(), now(), now())");
        // The calibrated model's backtest is loaded, so each alert shows its rule's record.
        browser.service.context().getBean(io.healthscore.alert.evidence.EvidenceService.class).load(
                java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../backtest/docs/calibrated/report.json")),
                "upload", "token ops");
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
    void aCsmSeesOnlyTheirOwnOpenAlertsMostSevereFirstWithTheirDeliveries() {
        LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        InboxPage inbox = InboxPage.open(driver, base);

        assertThat(inbox.alertIds()).contains("alert-ana-1").doesNotContain("alert-bo-1");
        assertThat(inbox.groups().get(0)).startsWith("IMMINENT");
        assertThat(inbox.deliveriesOf("alert-ana-1")).contains("SLACK DELIVERED");
        assertThat(driver.getPageSource()).doesNotContain("alert-bo-1");
        assertThat(driver.findElement(By.cssSelector("nav[aria-label=Main] a[href='/console/inbox']")).getText())
                .isEqualTo("Inbox");
        browser.save("../docs/console/inbox.en.png");
    }

    @Test
    void eachAlertShowsItsRulesBacktestRecordAndTheEvidencePageListsEveryRuleInBothLanguages() {
        LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        InboxPage.open(driver, base);
        assertThat(driver.findElement(By.cssSelector("li[data-alert='alert-ana-1'] .evidence")).getText())
                .isEqualTo("Backtest of default-2-fitted: a median 10.7 days before churn · precision 58% "
                        + "(churn within 30 days) · recall 76%");

        driver.findElement(By.id("nav-evidence")).click();
        assertThat(driver.findElement(By.id("evidence-model")).getText()).isEqualTo("default-2-fitted");
        assertThat(driver.findElement(By.id("evidence-calibration")).getText())
                .isEqualTo("calibrated: each level is a band of churn risk within 30 days");
        assertThat(driver.findElements(By.cssSelector("#evidence-rules tbody tr"))).hasSize(9);
        assertThat(driver.findElement(By.cssSelector("tr[data-rule='LEVEL_DOWN'][data-severity='IMMINENT']")).getText())
                .contains("10.7 days (").contains("58%").contains("152 of 200");
        browser.save("../docs/console/evidence.en.png");

        browser.inJapanese(() -> {
            LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
            InboxPage.open(driver, base);
            assertThat(driver.findElement(By.cssSelector("li[data-alert='alert-ana-1'] .evidence")).getText())
                    .startsWith("バックテスト（default-2-fitted）：解約の 10.7 日前（中央値）");
            driver.findElement(By.id("nav-evidence")).click();
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("アラートの実績");
            assertThat(driver.findElement(By.cssSelector("tr[data-rule='LEVEL_DOWN'][data-severity='IMMINENT']"))
                    .getText()).contains("10.7日（").contains("200件中152件").contains("切迫");
            browser.save("../docs/console/evidence.ja.png");
        });
    }

    @Test
    void theInboxSpeaksJapanese() {
        alert("inbox-ja-ack", "acct-ana-2", "SCORE_DROP");
        browser.inJapanese(() -> {
            LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
            InboxPage inbox = InboxPage.open(driver, base);

            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("自分の未対応アラート");
            assertThat(inbox.groups().get(0)).startsWith("切迫");
            assertThat(inbox.deliveriesOf("alert-ana-1")).contains("Slack 配信済み");
            assertThat(inbox.count()).startsWith("未対応のアラート").contains("件（重大度の高い順");
            assertThat(inbox.statusOf("inbox-ja-ack")).isEqualTo("未対応");
            browser.save("../docs/console/inbox.ja.png");

            InboxPage acknowledged = inbox.acknowledge("inbox-ja-ack");
            assertThat(acknowledged.notice()).isEqualTo("アラートを確認済みにしました。");
            assertThat(acknowledged.statusOf("inbox-ja-ack")).isEqualTo("確認済み");
        });
        assertThat(browser.sql.strings("SELECT status FROM alerts WHERE alert_id = 'inbox-ja-ack'"))
                .containsExactly("ACKNOWLEDGED");
        assertThat(Path.of("../docs/console/inbox.ja.png")).isNotEmptyFile();
    }

    @Test
    void acknowledgeSnoozeAssignAndResolveEachPersist() {
        alert("inbox-b-ack", "acct-ana-2", "SCORE_DROP");
        alert("inbox-b-snooze", "acct-ana-2", "USAGE_DROP");
        alert("inbox-b-assign", "acct-ana-2", "CHAMPION_LEFT");
        alert("inbox-b-resolve", "acct-ana-2", "SUPPORT_SPIKE");
        LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        InboxPage inbox = InboxPage.open(driver, base).acknowledge("inbox-b-ack");
        assertThat(inbox.notice()).isEqualTo("Alert acknowledged.");

        String until = LocalDate.now(ZoneOffset.UTC).plusDays(7).toString();
        inbox = inbox.snooze("inbox-b-snooze", until, "customer on holiday");
        assertThat(inbox.notice()).isEqualTo("Alert snoozed.");
        inbox = inbox.assign("inbox-b-assign", ConsoleData.ANA);
        inbox = inbox.resolve("inbox-b-resolve", "False alarm", "usage was a data gap");
        assertThat(inbox.notice()).isEqualTo("Alert resolved.");

        InboxPage reloaded = InboxPage.open(driver, base);
        assertThat(reloaded.statusOf("inbox-b-ack")).isEqualTo("ACKNOWLEDGED");
        assertThat(reloaded.alertIds()).doesNotContain("inbox-b-snooze", "inbox-b-resolve");
        assertThat(reloaded.assigneeOf("inbox-b-assign")).contains(ConsoleData.ANA);
        assertThat(sql.strings("SELECT acknowledged_by FROM alerts WHERE alert_id = 'inbox-b-ack'"))
                .containsExactly(ConsoleData.ANA);
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE alert_id = 'inbox-b-snooze' AND snoozed_until = ? "
                + "AND snooze_reason = 'customer on holiday'", Timestamp.from(LocalDate.parse(until)
                .atStartOfDay(ZoneOffset.UTC).toInstant()))).isEqualTo(1);
        assertThat(sql.strings("SELECT assigned_to FROM alerts WHERE alert_id = 'inbox-b-assign'"))
                .containsExactly(ConsoleData.ANA);
        assertThat(sql.rows("SELECT status, outcome, outcome_note, outcome_by FROM alerts "
                + "WHERE alert_id = 'inbox-b-resolve'").get(0)).containsEntry("status", "RESOLVED")
                .containsEntry("outcome", "FALSE_ALARM").containsEntry("outcome_note", "usage was a data gap")
                .containsEntry("outcome_by", ConsoleData.ANA);
    }

    @Test
    void bulkAcknowledgeMovesEveryTickedAlertAndARefusedOneMovesNone() {
        alert("inbox-bulk-1", "acct-ana-1", "USAGE_DROP");
        alert("inbox-bulk-2", "acct-ana-1", "INACTIVITY");
        LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        InboxPage inbox = InboxPage.open(driver, base).acknowledgeSelected("inbox-bulk-1", "inbox-bulk-2");
        assertThat(inbox.notice()).isEqualTo("Alerts acknowledged.");
        InboxPage reloaded = InboxPage.open(driver, base);
        assertThat(reloaded.statusOf("inbox-bulk-1")).isEqualTo("ACKNOWLEDGED");
        assertThat(reloaded.statusOf("inbox-bulk-2")).isEqualTo("ACKNOWLEDGED");
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE alert_id IN ('inbox-bulk-1', 'inbox-bulk-2') "
                + "AND status = 'ACKNOWLEDGED' AND acknowledged_by = ?", ConsoleData.ANA)).isEqualTo(2);
    }

    @Test
    void anotherCsmsAlertIsForbiddenAndAFormWithoutItsCsrfTokenIsRefused() {
        alert("inbox-guard", "acct-ana-2", "RISK_RISE");
        LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        InboxPage.open(driver, base).postAcknowledgeFor("inbox-guard", "alert-bo-1");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Forbidden");
        assertThat(driver.findElement(By.id("error-message")).getText()).contains("someone else");
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'alert-bo-1'")).containsExactly("OPEN");

        InboxPage inbox = InboxPage.open(driver, base);
        inbox.removeCsrfTokens();
        Browser.clickAndWaitForNewPage(driver, driver.findElement(
                By.cssSelector(".inbox-item[data-alert='inbox-guard'] form[action$='/ack'] button")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Forbidden");
        assertThat(driver.findElement(By.id("error-message")).getText()).contains("CSRF");
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'inbox-guard'")).containsExactly("OPEN");
    }

    @Test
    void hostileInboxFormsAreAClear400AndChangeNothing() {
        alert("inbox-hostile", "acct-ana-2", "LEVEL_DOWN");
        ConsoleClient ana = new ConsoleClient(base);
        ana.signIn("ana", ConsoleData.PASSWORD);
        String csrf = ConsoleClient.csrf(ana.get("/console/inbox").body());
        String path = "/console/inbox/alerts/inbox-hostile/";
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertThat(ana.post(path + "snooze", ConsoleClient.form(Map.of("csrf", csrf, "until", "2020-01-01",
                "reason", "x"))).statusCode()).isEqualTo(400);
        assertThat(ana.post(path + "snooze", ConsoleClient.form(Map.of("csrf", csrf, "until",
                LocalDate.now(ZoneOffset.UTC).plusDays(91).toString(), "reason", "x"))).statusCode()).isEqualTo(400);
        assertThat(ana.post(path + "snooze", ConsoleClient.form(Map.of("csrf", csrf, "until", "+999999999-12-31",
                "reason", "x"))).statusCode()).isEqualTo(400);
        assertThat(ana.post(path + "snooze", ConsoleClient.form(Map.of("csrf", csrf, "until", "tomorrow",
                "reason", "x"))).statusCode()).isEqualTo(400);
        assertThat(ana.post(path + "snooze", ConsoleClient.form(Map.of("csrf", csrf, "until", tomorrow,
                "reason", "r".repeat(501)))).statusCode()).isEqualTo(400);
        assertThat(ana.post(path + "snooze", ConsoleClient.form(Map.of("csrf", csrf, "until", tomorrow)))
                .statusCode()).isEqualTo(400);
        assertThat(ana.post(path + "resolve", ConsoleClient.form(Map.of("csrf", csrf, "outcome", "WON"))).statusCode())
                .isEqualTo(400);
        assertThat(ana.post(path + "assign", ConsoleClient.form(Map.of("csrf", csrf, "to", "<script>"))).statusCode())
                .isEqualTo(400);
        assertThat(ana.post(path + "assign", ConsoleClient.form(Map.of("csrf", csrf, "to", ConsoleData.BO)))
                .statusCode()).isEqualTo(403);
        assertThat(ana.post("/console/inbox/ack", "csrf=" + csrf).statusCode()).isEqualTo(400);
        assertThat(ana.post("/console/inbox/ack", "csrf=" + csrf + "&id=x".repeat(101)).statusCode()).isEqualTo(400);
        assertThat(ana.post("/console/inbox/ack", "csrf=" + csrf + "&id=inbox-hostile&id=alert-bo-1").statusCode())
                .isEqualTo(403);
        assertThat(sql.rows("SELECT status, snoozed_until, assigned_to, outcome FROM alerts "
                + "WHERE alert_id = 'inbox-hostile'").get(0)).containsEntry("status", "OPEN")
                .containsEntry("snoozed_until", null).containsEntry("assigned_to", null).containsEntry("outcome", null);
    }

    @Test
    void aLongInboxIsPagedFiftyAtATimeWithoutOverlap() {
        sql.update("INSERT INTO account_profiles (account_id, name, csm_owner, coverage_model, updated_at) "
                + "VALUES ('acct-cy-1', 'Cy Co', 'cy@example.com', 'TECH_TOUCH', now()) ON CONFLICT DO NOTHING");
        for (int i = 0; i < 60; i++) {
            sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                    + "model_version, raised_at, received_at, status) VALUES (?, 'acct-cy-1', 'SCORE_DROP', ?, 40.0, "
                    + "'LV2', ARRAY['score fell'], 'cy@example.com', 'v1', ?, ?, 'OPEN') ON CONFLICT DO NOTHING",
                    String.format("cy-%02d", i), i % 3 == 0 ? "IMMINENT" : "SUSPECTED",
                    Timestamp.from(ConsoleData.RAISED.minusSeconds(i)), Timestamp.from(ConsoleData.RAISED));
        }
        LoginPage.open(driver, base).signIn("cy", ConsoleData.PASSWORD);
        InboxPage first = InboxPage.open(driver, base);
        List<String> one = first.alertIds();
        assertThat(one).hasSize(50);
        assertThat(first.count()).isEqualTo("60 open alerts, most severe first, then oldest first; page 1 of 2.");
        assertThat(first.groups().getFirst()).startsWith("IMMINENT (20)");

        InboxPage second = first.toPage(2);
        List<String> two = second.alertIds();
        assertThat(two).hasSize(10).doesNotContainAnyElementsOf(one);
        assertThat(second.count()).endsWith("page 2 of 2.");
        assertThat(new java.util.HashSet<>(java.util.stream.Stream.concat(one.stream(), two.stream()).toList()))
                .hasSize(60);

        for (String bad : List.of("0", "-1", "x", "10001", "99999999999")) {
            driver.get(base + "/console/inbox?page=" + bad);
            assertThat(driver.findElement(By.tagName("body")).getText()).as("page=" + bad)
                    .contains("page is a whole number from 1 to 10000");
        }
    }

    private static void alert(String alertId, String accountId, String rule) {
        sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                + "model_version, raised_at, received_at, status) VALUES (?,?,?,'SUSPECTED',40.0,'LV2',"
                + "ARRAY['logins fell'],?,'v1',?,?,'OPEN') ON CONFLICT DO NOTHING", alertId, accountId, rule,
                ConsoleData.ANA, Timestamp.from(ConsoleData.RAISED), Timestamp.from(ConsoleData.RAISED));
    }
}
