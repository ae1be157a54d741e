package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The evidence next to each alert comes from a backtest report an operator loads, as a file the service watches or
 * uploaded to {@code PUT /reports/backtest}: each alert shows its rule's median lead before churn, precision and
 * recall, naming the model measured; the account page says whether the levels are calibrated risk; the evidence page
 * lists every rule. Reports that cannot be used are refused with the reason and change nothing. The reports are the
 * backtest module's own ({@code backtest/docs}).
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvidenceIT {

    private static final Path DEFAULT = Path.of("../backtest/docs/default/report.json");
    private static final Path CALIBRATED = Path.of("../backtest/docs/calibrated/report.json");

    private static AlertServiceFixture service;
    private static Sql sql;
    private static Path reportFile;
    private static String base;
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    @BeforeAll
    static void start(LocalStack stack) throws IOException {
        reportFile = Files.createTempFile("evidence-it-", ".json");
        Files.copy(DEFAULT, reportFile, StandardCopyOption.REPLACE_EXISTING);
        Map<String, Object> settings = new HashMap<>(ConsoleData.settings());
        settings.put("evidence.report-file", reportFile.toString());
        settings.put("evidence.check-every", "500ms");
        settings.put("evidence.cache-for", "500ms");
        service = AlertServiceFixture.start(stack, "evidence_it", settings);
        sql = new Sql(service.jdbcUrl);
        ConsoleData.seed(sql);
        base = service.context().getBean(EmbeddedServer.class).getURL().toString();
    }

    @AfterAll
    static void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        Files.deleteIfExists(reportFile);
    }

    @Test
    @Order(1)
    void aReportFileIsLoadedAtStartAndAgainWhenItChanges() throws IOException {
        // The default model's report, loaded at start: each alert of the inbox shows its rule's record
        await().atMost(Duration.ofSeconds(20)).until(() -> current().body().contains("\"modelVersion\":\"default-2\""));
        String inbox = signedIn(ConsoleData.ANA, "en").get("/console/inbox").body();
        assertThat(inbox).contains("Backtest of default-2: a median 1.2 days before churn · precision 100% "
                + "(churn within 30 days) · recall 11%"); // LEVEL_DOWN IMMINENT: 22 of 200 churners warned

        // When the file is replaced by the calibrated model's report, that one is shown
        Files.copy(CALIBRATED, reportFile, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(reportFile, FileTime.from(Instant.now().plusSeconds(5)));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                current().body().contains("\"modelVersion\":\"default-2-fitted\""));
        assertThat(current().body()).contains("\"source\":\"file\"").contains("\"calibrated\":true");
    }

    @Test
    @Order(2)
    void anUploadedReportIsShownNextToEachAlertOnTheAccountTheInboxAndTheEvidencePage() throws IOException {
        // When an operator uploads the default model's report
        HttpResponse<String> put = put(Files.readAllBytes(DEFAULT), AlertServiceFixture.OPS_TOKEN);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).contains("\"modelVersion\":\"default-2\"").contains("\"source\":\"upload\"")
                .contains("\"calibrated\":false");
        // and then the calibrated one, twice (the same report is stored once)
        assertThat(put(Files.readAllBytes(CALIBRATED), AlertServiceFixture.OPS_TOKEN).statusCode()).isEqualTo(200);
        assertThat(put(Files.readAllBytes(CALIBRATED), AlertServiceFixture.OPS_TOKEN).statusCode()).isEqualTo(200);
        assertThat(sql.count("SELECT count(*) FROM backtest_reports")).isEqualTo(2);
        assertThat(sql.count("SELECT count(*) FROM backtest_rule_evidence")).isEqualTo(16);

        // Then Ana's account page shows each alert's record (or that the backtest has none) and the levels' status
        ConsoleClient ana = signedIn(ConsoleData.ANA, "en");
        await().atMost(Duration.ofSeconds(10)).until(() -> ana.get("/console/accounts/acct-ana-1").body()
                .contains("Backtest of default-2-fitted"));
        String account = ana.get("/console/accounts/acct-ana-1").body();
        assertThat(account).contains("Backtest of default-2-fitted: a median 10.7 days before churn · precision 58% "
                        + "(churn within 30 days) · recall 76%") // LEVEL_DOWN IMMINENT, 152 of 200 churners
                .contains("The backtest of default-2-fitted has no record of this rule and severity.") // PAYMENT_FAILED
                .contains("<dd id=\"calibration\">score bands (uncalibrated: no risk stated)</dd>");
        assertThat(account).doesNotContain("another model"); // the score names no model
        // An account scored by another model than the backtest's says so next to the record
        sql.update("UPDATE health_scores SET model_version = 'default-1' WHERE account_id = 'acct-ana-1'");
        assertThat(ana.get("/console/accounts/acct-ana-1").body())
                .contains("(this account is scored by default-1, another model: its record may differ)");
        // The evidence page lists every rule of the report, for everyone signed in
        String page = ana.get("/console/evidence").body();
        assertThat(page).contains("<dd id=\"evidence-model\">default-2-fitted</dd>")
                .contains("calibrated: each level is a band of churn risk within 30 days")
                .contains("data-rule=\"USAGE_DECLINE\" data-severity=\"IMMINENT\"")
                .contains("81% <small class=\"muted\">").contains("2.3 days (")
                .doesNotContain("token ops"); // who loaded it is for operators
        assertThat(signedIn("olga@example.com", "en").get("/console/evidence").body()).contains("by token ops");

        // And in Japanese
        String ja = signedIn(ConsoleData.ANA, "ja").get("/console/inbox").body();
        assertThat(ja).contains("バックテスト（default-2-fitted）：解約の 10.7 日前（中央値）· 適合率 58%（30日以内の解約）· 再現率 76%");
        assertThat(signedIn(ConsoleData.ANA, "ja").get("/console/evidence").body())
                .contains("<h1>アラートの実績</h1>").contains("較正済み：各レベルは30日以内の解約リスクの帯です");
    }

    @Test
    @Order(3)
    void reportsThatCannotBeUsedAreRefusedAndTheCurrentOneStays() {
        HttpResponse<String> unusable = put("{\"usable\": false, \"unusableBecause\": \"no churner in the log\"}"
                .getBytes(), AlertServiceFixture.OPS_TOKEN);
        assertThat(unusable.statusCode()).isEqualTo(400);
        assertThat(unusable.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/problem+json"));
        assertThat(unusable.body()).contains("not usable: no churner in the log").contains("\"field\":\"body\"");
        assertThat(put("{\"inputs\": {}}".getBytes(), AlertServiceFixture.OPS_TOKEN).body())
                .contains("inputs.modelVersion");
        assertThat(put("[[[[".getBytes(), AlertServiceFixture.OPS_TOKEN).statusCode()).isEqualTo(400);
        assertThat(put(new byte[70 * 1024], AlertServiceFixture.OPS_TOKEN).statusCode()).isEqualTo(413);
        assertThat(put("{}".getBytes(), AlertServiceFixture.CSM_TOKEN).statusCode()).isEqualTo(403);
        assertThat(put("{}".getBytes(), null).statusCode()).isEqualTo(401);
        assertThat(current().body()).contains("\"modelVersion\":\"default-2-fitted\"");
        assertThat(sql.count("SELECT count(*) FROM backtest_reports")).isEqualTo(2);
    }

    private static HttpResponse<String> current() {
        return send(HttpRequest.newBuilder(URI.create(base + "/reports/backtest"))
                .header("Authorization", "Bearer " + AlertServiceFixture.OPS_TOKEN).GET());
    }

    private static HttpResponse<String> put(byte[] body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/reports/backtest"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ConsoleClient signedIn(String email, String language) {
        ConsoleClient client = new ConsoleClient(base);
        String form = client.get("/console/login", "Accept-Language", language).body();
        client.post("/console/login", ConsoleClient.form(Map.of("csrf", ConsoleClient.csrf(form), "username", email,
                "password", ConsoleData.PASSWORD)), "Accept-Language", language);
        return client;
    }
}
