package io.healthscore.alert;

import static io.healthscore.alert.ApiProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The CSM API: every endpoint, its auth failures and its answers to malformed input. */
@ExtendWith(LocalStackExtension.class)
class CsmApiIT {

    private static AlertServiceFixture service;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "api_it", Map.of());
        service.send(service.topics.accountProfiles(), "acct-api", Records.profile("acct-api", "Api Co",
                CoverageModel.HIGH_TOUCH, "owner-a@example.com", null, null));
        service.send(service.topics.healthScores(), "acct-api", Records.score("acct-api", 41.0,
                Records.T0.minusSeconds(60)));
        service.send(service.topics.levelTransitions(), "acct-api", io.healthscore.avro.LevelTransition.newBuilder()
                .setAccountId("acct-api").setFromLevel(io.healthscore.avro.HealthLevel.LV2)
                .setToLevel(io.healthscore.avro.HealthLevel.LV1).setDirection(io.healthscore.avro.Direction.DOWN)
                .setScore(35.5).setReasons(List.of("logins fell")).setModelVersion("v1")
                .setTransitionedAt(Records.T0.minusSeconds(30)).build());
        service.send(service.topics.churnRiskAlerts(), "acct-api", Records.alert("api-imminent", "acct-api",
                AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH).build());
        service.send(service.topics.churnRiskAlerts(), "acct-api", Records.alert("api-suspected", "acct-api",
                AlertRule.PAYMENT_FAILED, Severity.SUSPECTED, CoverageModel.HIGH_TOUCH).build());
        service.send(service.topics.churnRiskAlerts(), "acct-ack", Records.alert("api-ack", "acct-ack",
                AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH)
                .setCsmOwnerEmail("owner-c@example.com").build());
        service.send(service.topics.churnRiskAlerts(), "acct-other", Records.alert("api-other-owner", "acct-other",
                AlertRule.INACTIVITY, Severity.IMMINENT, CoverageModel.HIGH_TOUCH)
                .setCsmOwnerEmail("owner-b@example.com").build());
        Sql sql = new Sql(service.jdbcUrl);
        // Scores are read by their own intake lane, so the score may be stored after the alerts: wait for it too.
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM alerts") == 4
                && sql.count("SELECT count(*) FROM deliveries WHERE status = 'DELIVERED' AND alert_id = 'api-suspected'") == 3
                && sql.count("SELECT count(*) FROM health_scores WHERE account_id = 'acct-api'") > 0);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void alertsAreListedByOwnerStatusAndSeverity() {
        List<Map> byOwner = get("/alerts?owner=owner-a@example.com", AlertServiceFixture.CSM_TOKEN);
        assertThat(get("/alerts?owner=owner-b@example.com", AlertServiceFixture.CSM_TOKEN))
                .extracting(a -> a.get("alertId")).containsExactly("api-other-owner");
        assertThat(byOwner).extracting(a -> a.get("alertId")).containsExactlyInAnyOrder("api-imminent", "api-suspected");

        List<Map> imminent = get("/alerts?owner=owner-a@example.com&severity=imminent&status=open",
                AlertServiceFixture.CSM_TOKEN);
        assertThat(imminent).extracting(a -> a.get("alertId")).containsExactly("api-imminent");
        assertThat(imminent.get(0).get("reasons")).isEqualTo(List.of("active users −45% vs 28-day baseline",
                "no login by admins for 12 days"));
    }

    @Test
    void anAlertIsAcknowledgedThenResolvedAndFurtherMovesConflict() {
        Map<?, ?> acked = post("/alerts/api-ack/ack", AlertServiceFixture.CSM_TOKEN).body();
        assertThat(acked.get("status")).isEqualTo("ACKNOWLEDGED");
        assertThat(acked.get("acknowledgedBy")).isEqualTo("csm");

        assertProblem(() -> post("/alerts/api-ack/ack", AlertServiceFixture.CSM_TOKEN), 409, "id");

        Map<?, ?> resolved = post("/alerts/api-ack/resolve", AlertServiceFixture.CSM_TOKEN).body();
        assertThat(resolved.get("status")).isEqualTo("RESOLVED");
        assertProblem(() -> post("/alerts/api-ack/resolve", AlertServiceFixture.CSM_TOKEN), 409, "id");
        assertProblem(() -> post("/alerts/no-such-alert/ack", AlertServiceFixture.CSM_TOKEN), 404, "id");
        assertProblem(() -> post("/alerts/no-such-alert/resolve", AlertServiceFixture.CSM_TOKEN), 404, "id");
    }

    @Test
    void theTimelineShowsScoresTransitionsAlertsAndDeliveriesInTimeOrder() {
        Map<?, ?> timeline = service.http().toBlocking().retrieve(HttpRequest.GET("/accounts/acct-api/timeline")
                .bearerAuth(AlertServiceFixture.CSM_TOKEN), Map.class);
        List<Map<String, Object>> entries = (List<Map<String, Object>>) timeline.get("entries");
        assertThat(entries).extracting(e -> e.get("kind")).containsSubsequence("score", "transition", "alert", "delivery");
        assertThat(entries).extracting(e -> (String) e.get("at")).isSorted();
        assertThat(entries).filteredOn(e -> e.get("kind").equals("delivery")).hasSize(6);

        Map<?, ?> empty = service.http().toBlocking().retrieve(HttpRequest.GET("/accounts/nobody/timeline")
                .bearerAuth(AlertServiceFixture.CSM_TOKEN), Map.class);
        assertThat((List<?>) empty.get("entries")).isEmpty();
    }

    @Test
    void deliveriesAreListedWithoutBodiesAndOnlyDeadOnesCanBeReplayed() {
        List<Map> delivered = get("/deliveries?status=delivered&limit=500", AlertServiceFixture.OPS_TOKEN);
        assertThat(delivered).isNotEmpty().allSatisfy(d -> assertThat(d.get("body")).isNull());
        assertThat(get("/deliveries?status=dead", AlertServiceFixture.OPS_TOKEN)).isEmpty();

        Object id = delivered.get(0).get("id");
        assertProblem(() -> post("/deliveries/" + id + "/replay", AlertServiceFixture.OPS_TOKEN), 409, "id");
        assertProblem(() -> post("/deliveries/999999/replay", AlertServiceFixture.OPS_TOKEN), 404, "id");
    }

    @Test
    void requestsWithoutOrWithAWrongTokenAre401() {
        for (String path : List.of("/alerts", "/accounts/acct-api/timeline", "/deliveries?status=dead")) {
            HttpClientResponseException none = catchThrowableOfType(HttpClientResponseException.class,
                    () -> service.http().toBlocking().exchange(HttpRequest.GET(path)));
            assertThat(none.getStatus().getCode()).as(path).isEqualTo(401);
            assertThat(none.getResponse().getHeaders().get("WWW-Authenticate")).startsWith("Bearer");
            assertThat(none.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");

            HttpClientResponseException wrong = catchThrowableOfType(HttpClientResponseException.class,
                    () -> service.http().toBlocking().exchange(HttpRequest.GET(path).bearerAuth("guess")));
            assertThat(wrong.getStatus().getCode()).as(path).isEqualTo(401);
            assertThat(wrong.getResponse().getBody(String.class).orElse("")).doesNotContain("guess");
        }
        HttpClientResponseException basic = catchThrowableOfType(HttpClientResponseException.class,
                () -> service.http().toBlocking().exchange(HttpRequest.POST("/alerts/api-suspected/ack", "")
                        .basicAuth("csm", AlertServiceFixture.CSM_TOKEN)));
        assertThat(basic.getStatus().getCode()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutTheRoleIs403() {
        assertProblem(() -> get("/deliveries?status=dead", AlertServiceFixture.CSM_TOKEN), 403, null);
        assertProblem(() -> post("/deliveries/1/replay", AlertServiceFixture.CSM_TOKEN), 403, null);
        assertProblem(() -> get("/alerts", AlertServiceFixture.READONLY_TOKEN), 403, null);
        assertProblem(() -> post("/alerts/api-suspected/ack", AlertServiceFixture.READONLY_TOKEN), 403, null);
    }

    @Test
    void malformedParametersAre400ProblemsNamingTheField() {
        assertProblem(() -> get("/alerts?severity=HIGH", AlertServiceFixture.CSM_TOKEN), 400, "severity");
        assertProblem(() -> get("/alerts?status=closed", AlertServiceFixture.CSM_TOKEN), 400, "status");
        assertProblem(() -> get("/alerts?limit=0", AlertServiceFixture.CSM_TOKEN), 400, "limit");
        assertProblem(() -> get("/alerts?limit=abc", AlertServiceFixture.CSM_TOKEN), 400, "limit");
        assertProblem(() -> get("/alerts?owner=" + "x".repeat(300), AlertServiceFixture.CSM_TOKEN), 400, "owner");
        assertProblem(() -> get("/deliveries?status=lost", AlertServiceFixture.OPS_TOKEN), 400, "status");
        assertProblem(() -> post("/deliveries/abc/replay", AlertServiceFixture.OPS_TOKEN), 400, "id");
        assertProblem(() -> post("/deliveries/-1/replay", AlertServiceFixture.OPS_TOKEN), 400, "id");
        assertProblem(() -> get("/accounts/" + "y".repeat(300) + "/timeline", AlertServiceFixture.CSM_TOKEN), 400, "id");
    }

    @Test
    void badTimelinePageParametersAre400ProblemsNamingTheField() {
        String timeline = "/accounts/acct-api/timeline";
        for (String limit : List.of("0", "-1", "501", "abc", "1e3", "99999999999")) {
            assertProblem(() -> retrieve(timeline + "?limit=" + limit), 400, "limit");
        }
        for (String before : List.of("yesterday", "2026-03-02", "2026-03-02T09:00:00", "-5000-01-01T00:00:00Z",
                "9999-12-31T00:00:00Z", "1899-12-31T23:59:59Z")) {
            assertProblem(() -> retrieve(timeline + "?before=" + before), 400, "before");
        }
    }

    @Test
    void theTimelineIsPagedNewestFirstWithoutLosingOrRepeatingAnEntry() {
        // Given an account with 23 scores and an alert whose deliveries share one instant
        String acct = "acct-pages";
        for (int i = 0; i < 23; i++) {
            service.send(service.topics.healthScores(), acct, Records.score(acct, 40.0 + i,
                    Records.T0.minusSeconds(3600L * (i + 1))));
        }
        service.send(service.topics.churnRiskAlerts(), acct, Records.alert("api-pages", acct, AlertRule.LEVEL_DOWN,
                Severity.IMMINENT, CoverageModel.HIGH_TOUCH).setCsmOwnerEmail("owner-p@example.com").build());
        Sql sql = new Sql(service.jdbcUrl);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM health_scores WHERE account_id = ?", acct) == 23
                        && sql.count("SELECT count(*) FROM deliveries WHERE account_id = ?", acct) == 3);
        List<Map<String, Object>> all = entries(retrieve("/accounts/" + acct + "/timeline"));
        assertThat(all).hasSize(23 + 1 + 3);

        // When it is read two entries at a time, newest first, following nextBefore
        List<Map<String, Object>> paged = new java.util.ArrayList<>();
        List<List<Object>> pages = new java.util.ArrayList<>();
        String before = null;
        do {
            Map<?, ?> page = retrieve("/accounts/" + acct + "/timeline?limit=2" + (before == null ? "" : "&before=" + before));
            List<Map<String, Object>> entries = entries(page);
            assertThat(entries).extracting(e -> (String) e.get("at")).isSorted();
            pages.add(entries.stream().map(e -> e.get("kind")).toList());
            paged.addAll(0, entries);
            before = (String) page.get("nextBefore");
        } while (before != null && pages.size() < 40);

        // Then the pages together are the whole timeline, in order, with no entry twice (compared by instant, kind and
        // reference: a delivery's status text may move on from IN_FLIGHT between the reads)
        assertThat(keys(paged)).isEqualTo(keys(all));
        // And the three deliveries, written in one instant, came on one page, which therefore holds more than two
        assertThat(pages.get(0)).containsExactly("delivery", "delivery", "delivery");
        assertThat(pages.subList(1, pages.size())).allSatisfy(kinds -> assertThat(kinds).hasSizeBetween(1, 2));
        assertThat(pages).hasSize(1 + 12);
    }

    private static List<List<Object>> keys(List<Map<String, Object>> entries) {
        return entries.stream().map(e -> java.util.Arrays.asList(e.get("at"), e.get("kind"), e.get("ref"))).toList();
    }

    private static Map<?, ?> retrieve(String path) {
        return service.http().toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(AlertServiceFixture.CSM_TOKEN),
                Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<?, ?> timeline) {
        return (List<Map<String, Object>>) timeline.get("entries");
    }

    @Test
    void healthAndMetricsNeedNoTokenAndMetricsCountDeliveries() {
        String health = service.http().toBlocking().retrieve("/health");
        assertThat(health).contains("UP");
        String readiness = service.http().toBlocking().retrieve("/health/readiness");
        assertThat(readiness).contains("\"status\":\"UP\"").doesNotContain("kafka-intake");
        String details = service.http().toBlocking().retrieve(HttpRequest.GET("/health/readiness")
                .bearerAuth(AlertServiceFixture.OPS_TOKEN));
        assertThat(details).contains("\"status\":\"UP\"").contains("kafka-intake");
        String metrics = service.http().toBlocking().retrieve("/prometheus");
        assertThat(metrics).contains("healthscore_deliveries_total").contains("healthscore_alerts_in_total")
                .contains("healthscore_outbox_oldest_age_seconds")
                .doesNotContain(AlertServiceFixture.WEBHOOK_SECRET).doesNotContain(AlertServiceFixture.CSM_TOKEN);
    }

    private static List<Map> get(String path, String token) {
        return service.http().toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(token), Argument.listOf(Map.class));
    }

    private static HttpResponse<Map> post(String path, String token) {
        MutableHttpRequest<String> request = HttpRequest.POST(path, "").bearerAuth(token);
        return service.http().toBlocking().exchange(request, Map.class);
    }
}
