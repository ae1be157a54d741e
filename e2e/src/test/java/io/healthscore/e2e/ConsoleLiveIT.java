package io.healthscore.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.e2e.demo.DemoSignIns;
import io.healthscore.e2e.http.ChannelReceiver;
import io.healthscore.e2e.http.IngestClient;
import io.healthscore.e2e.process.ConsumerProgress;
import io.healthscore.e2e.process.PipelineProcesses;
import io.healthscore.e2e.process.PipelineSettings;
import io.healthscore.e2e.process.RunFiles;
import io.healthscore.e2e.process.ServiceSpec;
import io.healthscore.e2e.process.WriteKeys;
import io.healthscore.e2e.product.Persona;
import io.healthscore.e2e.product.ProductAccount;
import io.healthscore.e2e.time.CompressedClock;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.StackProvisioner;
import io.healthscore.stack.junit.LocalStackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CSM console's live portfolio, end to end: the three services as their own JVMs on the local stack, the account
 * driven only through ingest's HTTP API, and the CSM's "My accounts" open in headless Chromium. When the account's
 * users take up four more key features, the new score goes ingest → Kafka → scoring → alert service, the database
 * announces it, the page hears of it on {@code /console/live} and swaps its table: the open page shows the score the
 * alert service stored without being loaded again (a marker set on the window survives). Prints the latency from
 * ingest accepting the events to the page showing the score, as the page itself saw it.
 * <p>
 * The run's clock is PipelineIT's compressed one, started at the wall clock: there is no past to compress, so every
 * event is stamped with the present, and scoring's punctuator (six hours of stream time, as in PipelineIT) does not
 * fire during the test; only the test's own events move the score. The local stack is shared with PipelineIT, so
 * this run has topics, a scoring application, an intake group and a database of its own: present-day records in
 * PipelineIT's topics would move its scoring's stream time weeks past its compressed days (and its days would be
 * dropped as too old), and the other way round.
 */
@ExtendWith(LocalStackExtension.class)
class ConsoleLiveIT {

    private static final double DAYS_PER_MINUTE = 90;
    private static final Duration EVALUATION_INTERVAL = Duration.ofHours(6);
    private static final Duration SETTLE_BOUND = Duration.ofSeconds(60);
    private static final Duration LIVE_BOUND = Duration.ofSeconds(90);

    private static final String RUN = "console-live-it";
    private static final String DATABASE = "console_live_it";
    private static final String SCORING_APPLICATION_ID = "healthscore-scoring-" + RUN;
    private static final TopicNames TOPICS = prefixed(RUN + ".");

    private static final String CSM_EMAIL = "csm.live@vendor.example";
    private static final DemoSignIns.SignIn CSM = new DemoSignIns.SignIn("live", CSM_EMAIL, RunFiles.randomSecret(),
            "csm", List.of());
    private static final ProductAccount ACCOUNT = new ProductAccount("lumen-live", Persona.STEADY, 0, 0, 3, 5,
            "Lumen Analytics", "business", 490_00, "HIGH_TOUCH", CSM_EMAIL, "ops@lumen.example", "en",
            LocalDate.now(ZoneOffset.UTC).plusDays(400), false);
    /** The model's key features: the account starts with the first and then takes up the rest. */
    private static final List<String> KEY_FEATURES = List.of("dashboards", "reports", "integrations", "automations",
            "exports");

    private static LocalStack stack;
    private static String jdbcUrl;
    private static ChannelReceiver channels;
    private static PipelineProcesses services;
    private static CompressedClock clock;
    private static IngestClient ingest;
    private static String apiToken;
    private static WebDriver driver;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            screenshot("target/browser-failures/" + context.getRequiredTestClass().getSimpleName() + "-"
                    + context.getRequiredTestMethod().getName() + ".png");
        }
    };

    @BeforeAll
    static void startPipelineAndBrowser(LocalStack localStack) throws Exception {
        Optional<Path> chromium = onPath("chromium");
        Optional<Path> chromedriver = onPath("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(), "the console's live test needs "
                + "chromium and chromedriver on PATH (Debian: apt-get install chromium chromium-driver)");

        stack = localStack;
        stack.startAll();
        try (Admin admin = stack.admin()) {
            new StackProvisioner(admin, stack.registryClient(), stack.config().partitions())
                    .provision(Topics.create(TOPICS, stack.registryClient(), true));
        }
        stack.postgres().ensureDatabase(DATABASE);
        jdbcUrl = stack.postgres().jdbcUrl(DATABASE);

        Path workDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "console-live-it-");
        channels = ChannelReceiver.start();
        WriteKeys writeKeys = WriteKeys.random();
        clock = CompressedClock.standingAt(Instant.now(), DAYS_PER_MINUTE, workDir.resolve("clock-start"));
        PipelineSettings settings = new PipelineSettings(Path.of(System.getProperty("healthscore.repo.root")),
                workDir, stack.kafka().bootstrapServers(), stack.registry().confluentUrl(), jdbcUrl,
                stack.smtp().port(), writeKeys, RunFiles.writePlaybooks(workDir),
                channels.url("/slack"), channels.url("/crm"), RunFiles.randomSecret(), apiToken = RunFiles.randomSecret(),
                clock, EVALUATION_INTERVAL);
        services = PipelineProcesses.start(settings, Duration.ofSeconds(90), ConsoleLiveIT::ownRun);
        clock.start();
        ingest = new IngestClient(services.ingestUrl(), writeKeys);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,860", "--lang=en-US");
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).build(), options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(1280, 860));
    }

    @AfterAll
    static void stopPipelineAndBrowser() {
        if (driver != null) {
            driver.quit();
        }
        if (services != null) {
            services.close();
        }
        if (channels != null) {
            channels.close();
        }
    }

    /**
     * A score that the pipeline computes from events sent to ingest reaches the CSM's open portfolio without a
     * reload: the score cell shows what the alert service stored, and the window's marker survives.
     */
    @Test
    void aScoreChangedThroughIngestReachesTheOpenPortfolioWithoutAReload() throws Exception {
        // Given the account, owned by the CSM, scored from its first usage: three users sign in and use dashboards
        ingest.account(ACCOUNT.id(), ACCOUNT.profile());
        try (Admin admin = stack.admin()) {
            ConsumerProgress.awaitCaughtUp(admin, SCORING_APPLICATION_ID, TOPICS.accountProfiles(), SETTLE_BOUND);
        }
        List<Map<String, Object>> firstUsage = new ArrayList<>();
        for (int user = 0; user < ACCOUNT.users(); user++) {
            firstUsage.add(event("login", user, null));
            firstUsage.add(event("feature_used", user, KEY_FEATURES.get(0)));
        }
        ingest.events(firstUsage);
        Stored before = awaitStored(firstUsage.size(), Instant.EPOCH, SETTLE_BOUND);

        // And the CSM's portfolio open, listening on /console/live, with a marker on the window
        signIn();
        openPortfolioWithFreshness();
        assertThat(scoreCell()).isEqualTo(shown(before.score()));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(WATCH_SCORE_CELL, ACCOUNT.id());
        await("live.js on").atMost(Duration.ofSeconds(15)).until(() ->
                "on".equals(driver.findElement(By.tagName("html")).getAttribute("data-live-state")));
        // The live channel sends a freshness event at once and then every 5 s: one arriving after the line was
        // cleared shows the page's stream (and with it its subscription to the database's changes) is open.
        js.executeScript("document.getElementById('freshness-text').textContent = '';");
        await("the page's live channel open").atMost(Duration.ofSeconds(15)).until(() -> !String.valueOf(
                js.executeScript("return document.getElementById('freshness-text').textContent;")).isBlank());

        // When the account's first user takes up the other four key features, in one request to ingest
        List<Map<String, Object>> burst = new ArrayList<>();
        KEY_FEATURES.subList(1, KEY_FEATURES.size()).forEach(f -> burst.add(event("feature_used", 0, f)));
        Instant sent = Instant.ofEpochMilli(System.currentTimeMillis()); // scoring's times are whole milliseconds
        ingest.events(burst);
        long acceptedAt = System.currentTimeMillis();

        // Then, without navigating, the open page shows the score the alert service stored for the burst
        Stored[] after = new Stored[1];
        await("the burst's score on the open page").atMost(LIVE_BOUND).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().untilAsserted(() -> {
                    after[0] = stored(firstUsage.size() + burst.size(), sent).orElseThrow(() ->
                            new AssertionError("the burst's score is not stored yet"));
                    assertThat(scoreCell()).isEqualTo(shown(after[0].score()));
                });
        assertThat(js.executeScript("return window.__noReload;")).as("the page was not loaded again").isEqualTo(1L);
        assertThat(driver.findElement(By.id("live-updated")).getText()).startsWith("· Updated ");
        assertThat(after[0].score()).as("feature adoption went from 1 to 5 of 5 key features")
                .isGreaterThan(before.score());

        long visibleAt = firstShown(js, shown(after[0].score()));
        assertThat(visibleAt).isGreaterThanOrEqualTo(acceptedAt);
        System.out.printf("ConsoleLiveIT: accept → visible on the open portfolio %d ms (score %s → %s, "
                        + "live refreshes of the page: %s)%n", visibleAt - acceptedAt, shown(before.score()),
                shown(after[0].score()), driver.findElement(By.tagName("html")).getAttribute("data-live-refreshes"));
    }

    /**
     * Logs, on the window, each text the account's score cell shows with the time the page showed it; a watcher
     * on the whole body, as live.js replaces the table's region. {@code window.__noReload} is the reload marker.
     */
    private static final String WATCH_SCORE_CELL = """
            window.__noReload = 1;
            window.__scoreShown = [];
            var account = arguments[0];
            var cell = function () {
              var c = document.querySelector("#portfolio tr[data-account='" + account + "'] td:nth-child(3)");
              return c === null ? null : c.textContent.trim();
            };
            var last = cell();
            new MutationObserver(function () {
              var now = cell();
              if (now !== last) {
                last = now;
                window.__scoreShown.push([Date.now(), now]);
              }
            }).observe(document.body, { childList: true, subtree: true, characterData: true });
            """;

    /** When (epoch ms, the page's clock) the score cell first showed {@code text} after the watcher was set. */
    private static long firstShown(JavascriptExecutor js, String text) {
        List<?> shown = (List<?>) js.executeScript("return window.__scoreShown;");
        return shown.stream().map(e -> (List<?>) e).filter(e -> text.equals(e.get(1)))
                .mapToLong(e -> ((Number) e.get(0)).longValue()).findFirst()
                .orElseThrow(() -> new AssertionError("the page never showed " + text + ": " + shown));
    }

    /** The account's latest score in the alert service's table, and when scoring evaluated it. */
    private record Stored(double score, Instant evaluatedAt) {
    }

    /**
     * Waits until scoring has counted {@code events} usage events of the account and the alert service has stored
     * the last score scoring published (evaluated at {@code since} or later), with the account's profile.
     */
    private static Stored awaitStored(int events, Instant since, Duration atMost) {
        Stored[] stored = new Stored[1];
        await("scoring's last score of " + ACCOUNT.id() + " stored").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    stored[0] = stored(events, since).orElse(null);
                    return stored[0] != null;
                });
        return stored[0];
    }

    /** {@link #awaitStored}'s condition, read once. */
    private static Optional<Stored> stored(int events, Instant since) throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(services.scoringUrl()
                        .resolve("/accounts/" + ACCOUNT.id() + "/health")).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + apiToken).build(), HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode published = JSON.readTree(health.body());
        if (published.path("eventCount").asLong() != events || !published.path("score").isNumber()) {
            return Optional.empty();
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement("SELECT h.score, h.evaluated_at FROM health_scores h "
                     + "JOIN account_profiles p ON p.account_id = h.account_id AND p.csm_owner = ? "
                     + "WHERE h.account_id = ? ORDER BY h.evaluated_at DESC LIMIT 1")) {
            s.setString(1, CSM_EMAIL);
            s.setString(2, ACCOUNT.id());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Stored stored = new Stored(rs.getDouble(1), rs.getTimestamp(2).toInstant());
                return stored.score() == published.path("score").asDouble() && !stored.evaluatedAt().isBefore(since)
                        ? Optional.of(stored) : Optional.empty();
            }
        }
    }

    /** A score as the English console writes it: one decimal, half up. */
    private static String shown(double score) {
        NumberFormat f = NumberFormat.getNumberInstance(Locale.ENGLISH);
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(1);
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(score);
    }

    private static void signIn() {
        driver.get(services.alertUrl().resolve("/console/login").toString());
        driver.findElement(By.id("username")).sendKeys(CSM.user());
        driver.findElement(By.id("password")).sendKeys(CSM.password());
        driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(WebDriverException.class).until(d ->
                !d.findElements(By.cssSelector("form[action='/console/logout']")).isEmpty());
    }

    /**
     * Opens the portfolio; again while it has no freshness line (the service's first reading is taken in the
     * background, and a page rendered before it has none), which the test needs to see the live channel open.
     */
    private static void openPortfolioWithFreshness() {
        URI portfolio = services.alertUrl().resolve("/console/");
        await("the portfolio with its freshness line").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    driver.get(portfolio.toString());
                    return !driver.findElements(By.id("freshness-text")).isEmpty()
                            && !driver.findElements(By.cssSelector("#portfolio tr[data-account='" + ACCOUNT.id() + "']"))
                            .isEmpty();
                });
    }

    /** The account's score cell on the open page, as shown. */
    private static String scoreCell() {
        return driver.findElement(By.cssSelector("#portfolio tr[data-account='" + ACCOUNT.id() + "']"))
                .findElements(By.tagName("td")).get(2).getText();
    }

    /** A native usage event of one of the account's users, stamped with the run's clock. */
    private static Map<String, Object> event(String type, int user, String feature) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", type);
        e.put("accountId", ACCOUNT.id());
        e.put("userId", ACCOUNT.userId(user));
        e.put("occurredAt", clock.instant().toString());
        if (feature != null) {
            e.put("feature", feature);
        }
        return e;
    }

    /**
     * This run's own topics, scoring application (its consumer group and changelogs), intake group and console
     * user, on top of each service's settings for the run.
     */
    private static ServiceSpec ownRun(ServiceSpec spec) {
        Map<String, String> props = new HashMap<>(topicProperties());
        switch (spec.name()) {
            case "scoring-streams" -> {
                props.put("scoring.application-id", SCORING_APPLICATION_ID);
                props.put("kafka.consumer.group.instance.id", SCORING_APPLICATION_ID + "-1");
            }
            case "alert-service" -> {
                props.put("intake.group-id", "alert-service-" + RUN);
                props.put("console.scoring-group", SCORING_APPLICATION_ID);
            }
            default -> {
            }
        }
        ServiceSpec own = spec.withSystemProperties(props);
        return spec.name().equals("alert-service") ? new DemoSignIns(List.of(CSM)).configure(own) : own;
    }

    private static TopicNames prefixed(String prefix) {
        TopicNames d = TopicNames.defaults();
        return new TopicNames(prefix + d.usageEvents(), prefix + d.accountProfiles(), prefix + d.accountSignals(),
                prefix + d.healthScores(), prefix + d.healthScoresLatest(), prefix + d.levelTransitions(),
                prefix + d.churnRiskAlerts(), prefix + d.expansionOpportunities(), d.dlqSuffix());
    }

    private static Map<String, String> topicProperties() {
        return Map.of(TopicNames.USAGE_EVENTS_KEY, TOPICS.usageEvents(),
                TopicNames.ACCOUNT_PROFILES_KEY, TOPICS.accountProfiles(),
                TopicNames.ACCOUNT_SIGNALS_KEY, TOPICS.accountSignals(),
                TopicNames.HEALTH_SCORES_KEY, TOPICS.healthScores(),
                TopicNames.HEALTH_SCORES_LATEST_KEY, TOPICS.healthScoresLatest(),
                TopicNames.LEVEL_TRANSITIONS_KEY, TOPICS.levelTransitions(),
                TopicNames.CHURN_RISK_ALERTS_KEY, TOPICS.churnRiskAlerts(),
                TopicNames.EXPANSION_OPPORTUNITIES_KEY, TOPICS.expansionOpportunities());
    }

    private static void screenshot(String file) {
        if (driver == null) {
            return;
        }
        try {
            Path target = Path.of(file);
            Files.createDirectories(target.getParent());
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("no screenshot " + file + ": " + e);
        }
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
