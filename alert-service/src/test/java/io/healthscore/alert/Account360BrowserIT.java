package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.SignalType;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The account page in a real browser: the header's facts, the score chart with its markers and text alternative,
 * the components with their inputs, the causes of a seeded drop and the timeline with a delivery's status; bad
 * paging input is a 400 page and another CSM's account a 403; a note typed into the form is stored, shown and sent to
 * account-signals as a CSM touch-point. Writes docs/console/account.png of the whole page.
 */
@ExtendWith(LocalStackExtension.class)
class Account360BrowserIT {

    private static final String ID = "acct-ana-360";
    /** An account for the note tests, so a new note does not change the other tests' newest timeline entry. */
    private static final String NOTES_ID = "acct-ana-notes";
    private static ConsoleBrowser browser;
    private static WebDriver driver;
    private static String base;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private static final Instant DROP_TO = NOW.minus(Duration.ofDays(7));

    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = ConsoleBrowser.screenshotOnFailure(() -> browser);

    @BeforeAll
    static void start(LocalStack stack) throws IOException {
        browser = ConsoleBrowser.start(stack, "account360_browser_it", b -> Map.of());
        driver = browser.driver;
        base = browser.base;
        seed(browser.sql);
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

    /** Scores every 2 days over 60 days at 83 (Lv4) until active users fell from 90 to 20 a week ago: 48 (Lv2). */
    private static void seed(Sql sql) {
        sql.update("INSERT INTO account_profiles (account_id, name, csm_owner, coverage_model, contact_email, "
                + "renewal_date, plan, mrr_minor, currency, seats, segment, updated_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", ID, "Northwind Traders", ConsoleData.ANA, "HIGH_TOUCH",
                "ops@northwind.example", java.sql.Date.valueOf(LocalDate.of(2027, 3, 31)), "Enterprise", 125000L,
                "EUR", 40, "ENTERPRISE", Timestamp.from(NOW));
        for (int day = 60; day >= 0; day -= 2) {
            Instant at = NOW.minus(Duration.ofDays(day));
            boolean dropped = !at.isBefore(DROP_TO);
            double users = dropped ? 20 : 90;
            double score = users * 0.5 + 80 * 0.3 + 70 * 0.2;
            sql.update("INSERT INTO health_scores (account_id, evaluated_at, score, level, reasons, data_coverage, "
                    + "calibrated_risk, model_version, event_count, component_names, component_values, "
                    + "component_weights, component_measures) VALUES (?,?,?,?,ARRAY['x'],0.9,?,?,100,"
                    + "ARRAY['ACTIVE_USERS','LAST_LOGIN','SUPPORT_TICKETS'],ARRAY[?,80,70]::float8[],"
                    + "ARRAY[0.5,0.3,0.2]::float8[],ARRAY[?,'last login 2 days ago','1 open ticket'])", ID,
                    Timestamp.from(at), score, score >= 80 ? "LV4" : score >= 60 ? "LV3" : "LV2",
                    dropped ? 0.35 : 0.05, day > 30 ? "m-2026.10" : "m-2026.11", users,
                    "active users " + (dropped ? 8 : 36) + " of 40 seats");
        }
        sql.update("INSERT INTO account_profiles (account_id, name, csm_owner, coverage_model, updated_at) "
                + "VALUES (?,'Contoso',?,'HIGH_TOUCH',?)", NOTES_ID, ConsoleData.ANA, Timestamp.from(NOW));
        sql.update("INSERT INTO account_notes (note_id, account_id, author, body, created_at) VALUES ('n-360',?,?,?,?)",
                ID, ConsoleData.ANA, "Called their ops lead: usage fell after the SSO migration. Follow-up on 9 Dec.",
                Timestamp.from(DROP_TO.plus(Duration.ofDays(1))));
        sql.update("INSERT INTO level_transitions (account_id, transitioned_at, from_level, to_level, direction, "
                + "score, reasons) VALUES (?,?,'LV4','LV2','DOWN',48,ARRAY['active users fell'])", ID,
                Timestamp.from(DROP_TO));
        sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                + "model_version, raised_at, received_at, status) VALUES ('alert-360',?,'SCORE_DROP','IMMINENT',48,"
                + "'LV2',ARRAY['score -35 vs 7 days ago'],?,'m-2026.11',?,?,'OPEN')", ID, ConsoleData.ANA,
                Timestamp.from(DROP_TO), Timestamp.from(DROP_TO));
        // A resolved alert 40 days ago is history the chart shows; a suppressed one reached no one and is not shown.
        for (String[] a : new String[][] {{"alert-360-old", "RESOLVED", "INACTIVITY"}, {"alert-360-sup", "SUPPRESSED",
                "USAGE_DROP"}}) {
            sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                    + "model_version, raised_at, received_at, status) VALUES (?,?,?,'SUSPECTED',83,'LV4',"
                    + "ARRAY['no login for 15 days'],?,'m-2026.10',?,?,?)", a[0], ID, a[2], ConsoleData.ANA,
                    Timestamp.from(NOW.minus(Duration.ofDays(40))), Timestamp.from(NOW.minus(Duration.ofDays(40))), a[1]);
        }
        sql.update("INSERT INTO deliveries (idempotency_key, alert_id, account_id, channel, target, body, status, "
                + "attempts, next_attempt_at, created_at, updated_at) VALUES ('d-360','alert-360',?,'SLACK',"
                + "'#csm','score drop','DEAD',5,?,?,?)", ID, Timestamp.from(DROP_TO), Timestamp.from(DROP_TO),
                Timestamp.from(DROP_TO));
    }

    private static AccountPage open() {
        return open(ID);
    }

    private static AccountPage open(String accountId) {
        LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        driver.get(base + "/console/accounts/" + accountId);
        return new AccountPage(driver);
    }

    @Test
    void theHeaderStatesTheAccountsFacts() {
        AccountPage page = open();

        assertThat(page.title()).isEqualTo("Northwind Traders");
        assertThat(page.level()).isEqualTo("Lv2");
        assertThat(page.fact("trend")).isEqualTo("down 35.0 vs 7 days ago; down 35.0 vs 30 days ago");
        assertThat(page.fact("mrr")).isEqualTo("EUR 1,250.00 per month");
        assertThat(page.fact("plan")).isEqualTo("Enterprise, 40 seats");
        assertThat(page.fact("renewal")).isEqualTo("2027-03-31");
        assertThat(page.fact("owner")).isEqualTo(ConsoleData.ANA);
        assertThat(page.fact("coverage-model")).isEqualTo("High touch");
        assertThat(page.fact("contact")).isEqualTo("ops@northwind.example");
        assertThat(page.fact("data-coverage")).isEqualTo("90%");
        assertThat(page.fact("risk")).isEqualTo("35%");
        assertThat(page.fact("model")).isEqualTo("m-2026.11");
    }

    @Test
    void theChartMarksTheAlertTheLevelChangeAndTheModelChangeAndHasATextAlternative() {
        AccountPage page = open();

        assertThat(page.chart().findElements(By.cssSelector("polyline"))).hasSize(1);
        assertThat(page.chart().findElements(By.cssSelector("rect.band"))).hasSize(4);
        assertThat(page.chartMarkers()).contains("marker marker-alert", "marker marker-level", "marker marker-model");
        assertThat(page.chartText()).hasSize(31 + 4)
                .anySatisfy(r -> assertThat(r).endsWith("| Alert SCORE_DROP (IMMINENT)"))
                .anySatisfy(r -> assertThat(r).endsWith("| Alert INACTIVITY (SUSPECTED, resolved)"))
                .noneSatisfy(r -> assertThat(r).contains("USAGE_DROP"))
                .anySatisfy(r -> assertThat(r).endsWith("| Level Lv4 to Lv2"))
                .anySatisfy(r -> assertThat(r).endsWith("| Model m-2026.10 to m-2026.11"));
    }

    @Test
    void theComponentsShowWeightValueAndTheInputBehindThem() {
        assertThat(open().components()).containsExactly(
                "Active users | 0.5 | 20.0 | active users 8 of 40 seats",
                "Last login | 0.3 | 80.0 | last login 2 days ago",
                "Support tickets | 0.2 | 70.0 | 1 open ticket");
    }

    @Test
    void whyItChangedNamesTheDropWithItsPointsAndDates() {
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("d MMM",
                java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

        assertThat(open().whyItChanged()).containsExactly("Active users fell from 90 to 20 (\u221235.0 points) "
                + "between " + day.format(NOW.minus(Duration.ofDays(8))) + " and "
                + day.format(NOW.minus(Duration.ofDays(6))));
    }

    @Test
    void theTimelineListsNewestFirstWithTheDeliverysStatus() {
        AccountPage page = open();

        assertThat(page.timeline()).anySatisfy(r -> assertThat(r).contains("| delivery | SLACK DEAD"))
                .anySatisfy(r -> assertThat(r).contains("| alert | IMMINENT SCORE_DROP"))
                .anySatisfy(r -> assertThat(r).contains("| transition | LV4 -> LV2"))
                .anySatisfy(r -> assertThat(r).contains("| note | " + ConsoleData.ANA + ": Called their ops lead"));
        assertThat(page.timeline().getFirst()).contains("| score | score 48.0 (LV2)");
        assertThat(driver.findElements(By.id("older"))).hasSize(1);
    }

    @Test
    void aHostileBeforeIsABadRequestPageAndAnotherCsmsAccountForbidden() throws Exception {
        open();
        driver.get(base + "/console/accounts/" + ID + "?before=%3Cscript%3E");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("before is an instant");
        driver.get(base + "/console/accounts/acct-bo-1");
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("belongs to someone else");

        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/accounts/acct-bo-1/timeline")).header("Authorization",
                "Bearer " + ConsoleData.ANA_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(403);
    }

    @Test
    void aNoteIsStoredShownInTheTimelineWithItsAuthorAndSentToScoringAsATouchPoint() {
        String text = "Call with the champion: renewal looks safe.\n次回は1月に研修を予定";

        AccountPage page = open(NOTES_ID).addNote(text);

        assertThat(page.notice()).isEqualTo("Note added; scoring receives it as a CSM touch-point.");
        assertThat(page.reload().timeline().getFirst()).contains("| note | " + ConsoleData.ANA
                + ": Call with the champion: renewal looks safe.\n次回は1月に研修を予定");
        assertThat(browser.sql.rows("SELECT author, body FROM account_notes WHERE account_id = ?", NOTES_ID))
                .containsExactly(Map.of("author", ConsoleData.ANA, "body", text));
        String noteId = browser.sql.strings("SELECT note_id FROM account_notes WHERE account_id = ?", NOTES_ID).get(0);

        // The touch-point on account-signals, read back and decoded with the project's serde
        String topic = browser.service.topics.accountSignals().name();
        AccountSignal signal = await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(
                browser.service.stack.kafka().bootstrapServers(), topic).stream()
                .filter(r -> NOTES_ID.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> browser.service.topics.accountSignals().valueSerde().deserializer().deserialize(topic, r.value()))
                .toList(), l -> !l.isEmpty()).getFirst();
        assertThat(signal.getType()).isEqualTo(SignalType.CSM_TOUCHPOINT);
        assertThat(signal.getMessageId()).isEqualTo("console-note:" + noteId);
        assertThat(signal.getSource()).isEqualTo("console");
    }

    @Test
    void aBlankNoteIsRefusedOnThePageAndAnotherCsmsAccountTakesNoNote() throws Exception {
        AccountPage page = open(NOTES_ID).addNote("   ");

        assertThat(page.noteError()).isEqualTo("The note was not added: a note needs some text.");
        assertThat(driver.findElement(By.id("note-body")).getAttribute("aria-describedby")).isEqualTo("note-error");

        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/accounts/acct-bo-1/notes")).header("Authorization", "Bearer " + ConsoleData.ANA_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(browser.sql.count("SELECT count(*) FROM account_notes WHERE account_id = 'acct-bo-1' "
                + "OR body = '   '")).isZero();
    }

    @Test
    void screenshotOfTheWholeAccountPage() {
        open();
        long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollHeight;");
        driver.manage().window().setSize(new Dimension(1280, (int) Math.min(6000, height + 40)));
        try {
            browser.save("../docs/console/account.en.png");
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 860));
        }
        assertThat(Path.of("../docs/console/account.en.png")).isNotEmptyFile();
    }

    @Test
    void theAccountPageSpeaksJapaneseWithJapaneseDatesMoneyAndCauses() {
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("M/d")
                .withZone(java.time.ZoneOffset.UTC);
        browser.inJapanese(() -> {
            AccountPage page = open();

            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
            assertThat(page.fact("trend")).isEqualTo("7日前より35.0低下、30日前より35.0低下");
            assertThat(page.fact("mrr")).isEqualTo("月額 €1,250.00");
            assertThat(page.fact("plan")).isEqualTo("Enterprise、40席");
            assertThat(page.fact("renewal")).isEqualTo("2027/03/31");
            assertThat(page.fact("coverage-model")).isEqualTo("ハイタッチ");
            assertThat(page.whyItChanged()).containsExactly(day.format(NOW.minus(Duration.ofDays(8))) + "から"
                    + day.format(NOW.minus(Duration.ofDays(6))) + "の間にActive usersが90から20に下がりました"
                    + "（\u221235.0ポイント）");
            assertThat(page.chartText()).anySatisfy(r -> assertThat(r).endsWith("| アラート SCORE_DROP（切迫）"))
                    .anySatisfy(r -> assertThat(r).endsWith("| アラート INACTIVITY（疑い、解決済み）"))
                    .anySatisfy(r -> assertThat(r).endsWith("| レベル Lv4 → Lv2"));
            assertThat(page.timeline()).anySatisfy(r -> assertThat(r).contains("| 配信 | SLACK DEAD"))
                    .anySatisfy(r -> assertThat(r).contains("| メモ | " + ConsoleData.ANA));
            assertThat(page.timeline().getFirst()).matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2} UTC \\| スコア \\|.*");
            assertThat(page.chart().findElements(By.cssSelector("text.axis")))
                    .anySatisfy(t -> assertThat(t.getText()).matches("\\d{1,2}/\\d{1,2}"));

            driver.get(base + "/console/accounts/" + ID); // the chart's table closed again, as a CSM first sees it
            long height = (Long) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollHeight;");
            driver.manage().window().setSize(new Dimension(1280, (int) Math.min(6000, height + 40)));
            try {
                browser.save("../docs/console/account.ja.png");
            } finally {
                driver.manage().window().setSize(new Dimension(1280, 860));
            }
        });
        assertThat(Path.of("../docs/console/account.ja.png")).isNotEmptyFile();
    }
}
