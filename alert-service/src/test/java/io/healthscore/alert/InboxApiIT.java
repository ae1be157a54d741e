package io.healthscore.alert;

import static io.healthscore.alert.ApiProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The inbox API: the scoped open inbox, snooze (hidden until its date, and folding new alerts of the rule into it),
 * assign, bulk acknowledge all-or-nothing, resolve with an outcome and the outcomes feed, and its answers to
 * malformed and hostile bodies.
 */
@ExtendWith(LocalStackExtension.class)
class InboxApiIT {

    private static final String BO_TOKEN = "bo-token-654";
    private static final String LEE_TOKEN = "lee-token-987";

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        Map<String, Object> settings = new HashMap<>(ConsoleData.settings());
        settings.put("api.tokens.bo.token", BO_TOKEN);
        settings.put("api.tokens.bo.roles", List.of("csm"));
        settings.put("api.tokens.bo.person", ConsoleData.BO);
        settings.put("api.tokens.lee.token", LEE_TOKEN);
        settings.put("api.tokens.lee.roles", List.of("csm"));
        settings.put("api.tokens.lee.person", "lee@example.com");
        service = AlertServiceFixture.start(stack, "inbox_api_it", settings);
        sql = new Sql(service.jdbcUrl);
        ConsoleData.seed(sql);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theInboxShowsOnlyTheActorsOpenAlertsImminentFirstAndHidesASnoozeUntilItsDate() {
        alert("inbox-old", "acct-ana-2", "SCORE_DROP", "SUSPECTED", Instant.parse("2026-11-01T08:00:00Z"));
        alert("inbox-snoozed", "acct-ana-2", "USAGE_DROP", "IMMINENT", Instant.parse("2026-11-02T08:00:00Z"));
        List<String> ids = ids(get("/alerts/inbox", ConsoleData.ANA_TOKEN));
        assertThat(ids).contains("inbox-old", "inbox-snoozed").doesNotContain("alert-bo-1");
        assertThat(ids.indexOf("inbox-snoozed")).as("IMMINENT before SUSPECTED").isLessThan(ids.indexOf("inbox-old"));
        assertThat(ids(get("/alerts/inbox", BO_TOKEN))).contains("alert-bo-1").doesNotContain("inbox-old");

        Instant until = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        Map<?, ?> snoozed = post("/alerts/inbox-snoozed/snooze", ConsoleData.ANA_TOKEN,
                "{\"until\":\"" + until + "\",\"reason\":\"customer on holiday\"}");
        assertThat(snoozed.get("snoozeReason")).isEqualTo("customer on holiday");
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE alert_id = 'inbox-snoozed' AND snoozed_until = ? "
                + "AND snooze_reason = 'customer on holiday'", Timestamp.from(until))).isEqualTo(1);
        assertThat(ids(get("/alerts/inbox", ConsoleData.ANA_TOKEN))).contains("inbox-old").doesNotContain("inbox-snoozed");

        // Once the snooze date has passed the alert is back by itself (the query compares with the clock).
        sql.update("UPDATE alerts SET snoozed_until = now() - interval '1 minute' WHERE alert_id = 'inbox-snoozed'");
        assertThat(ids(get("/alerts/inbox", ConsoleData.ANA_TOKEN))).contains("inbox-snoozed");
    }

    @Test
    void aSnoozeNeedsAFutureDateWithin90DaysAndAReason() {
        alert("snooze-bad", "acct-ana-1", "SCORE_DROP", "SUSPECTED", ConsoleData.RAISED);
        String tomorrow = Instant.now().plus(Duration.ofDays(1)).toString();
        String path = "/alerts/snooze-bad/snooze";
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"until\":\"2020-01-01T00:00:00Z\",\"reason\":\"x\"}"),
                400, "until");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"until\":\"" + Instant.now().plus(Duration.ofDays(91))
                + "\",\"reason\":\"x\"}"), 400, "until");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"until\":\"next week\",\"reason\":\"x\"}"), 400, "until");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"until\":42,\"reason\":\"x\"}"), 400, "until");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"until\":\"" + tomorrow + "\"}"), 400, "reason");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"until\":\"" + tomorrow + "\",\"reason\":\"  \"}"),
                400, "reason");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"until\":\"" + tomorrow + "\",\"reason\":\""
                + "r".repeat(501) + "\"}"), 400, "reason");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"until\":\"" + tomorrow + "\",\"reason\":\"a\\u0000b\"}"),
                400, "reason");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"until\":"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "[1,2]"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "\"text\""), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"x\":\"" + "y".repeat(20_000) + "\"}"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, ""), 400, "body");
        assertProblem(() -> post("/alerts/alert-bo-1/snooze", ConsoleData.ANA_TOKEN, "{\"until\":\"" + tomorrow
                + "\",\"reason\":\"mine now\"}"), 403, "id");
        assertProblem(() -> post("/alerts/no-such-alert/snooze", ConsoleData.ANA_TOKEN, "{\"until\":\"" + tomorrow
                + "\",\"reason\":\"x\"}"), 404, "id");
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE snoozed_until IS NOT NULL "
                + "AND alert_id IN ('snooze-bad', 'alert-bo-1')")).isZero();
    }

    @Test
    void anAlertIsAssignedOnlyWithinTheActorsTeamOrToTheAccountsOwner() {
        alert("assign-1", "acct-ana-1", "INACTIVITY", "SUSPECTED", ConsoleData.RAISED);
        Map<?, ?> byLead = post("/alerts/assign-1/assign", LEE_TOKEN, "{\"to\":\"Lee@Example.com\"}");
        assertThat(byLead.get("assignedTo")).isEqualTo("lee@example.com");
        assertThat(post("/alerts/assign-1/assign", ConsoleData.ANA_TOKEN, "{\"to\":\"ana@example.com\"}")
                .get("assignedTo")).isEqualTo(ConsoleData.ANA);
        assertThat(sql.strings("SELECT assigned_to FROM alerts WHERE alert_id = 'assign-1'")).containsExactly(ConsoleData.ANA);

        assertProblem(() -> post("/alerts/assign-1/assign", ConsoleData.ANA_TOKEN, "{\"to\":\"bo@example.com\"}"), 403, "to");
        assertProblem(() -> post("/alerts/assign-1/assign", ConsoleData.ANA_TOKEN, "{\"to\":\"not an email\"}"), 400, "to");
        assertProblem(() -> post("/alerts/assign-1/assign", ConsoleData.ANA_TOKEN, "{\"to\":[\"ana@example.com\"]}"),
                400, "to");
        assertProblem(() -> post("/alerts/assign-1/assign", ConsoleData.ANA_TOKEN, "{}"), 400, "to");
        assertProblem(() -> post("/alerts/alert-bo-1/assign", ConsoleData.ANA_TOKEN, "{\"to\":\"ana@example.com\"}"),
                403, "id");
        assertThat(sql.strings("SELECT assigned_to FROM alerts WHERE alert_id = 'assign-1'")).containsExactly(ConsoleData.ANA);
        assertThat(sql.count("SELECT count(*) FROM alerts WHERE alert_id = 'alert-bo-1' AND assigned_to IS NOT NULL"))
                .isZero();
    }

    @Test
    void bulkAcknowledgeIsAllOrNothing() {
        alert("bulk-1", "acct-ana-1", "USAGE_DROP", "SUSPECTED", ConsoleData.RAISED);
        alert("bulk-2", "acct-ana-2", "USAGE_DROP", "SUSPECTED", ConsoleData.RAISED);
        alert("bulk-3", "acct-ana-2", "LEVEL_DOWN", "SUSPECTED", ConsoleData.RAISED);

        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "{\"ids\":[\"bulk-3\",\"alert-bo-1\"]}"), 403, "id");
        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "{\"ids\":[\"bulk-3\",\"no-such-alert\"]}"), 404, "id");
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id IN ('bulk-3', 'alert-bo-1')"))
                .containsOnly("OPEN");

        List<Map> acked = service.http().toBlocking().retrieve(json("/alerts/ack", ConsoleData.ANA_TOKEN,
                "{\"ids\":[\"bulk-1\",\"bulk-2\"]}"), Argument.listOf(Map.class));
        assertThat(acked).extracting(a -> a.get("status")).containsExactly("ACKNOWLEDGED", "ACKNOWLEDGED");
        assertThat(sql.strings("SELECT acknowledged_by FROM alerts WHERE alert_id IN ('bulk-1', 'bulk-2')"))
                .containsExactly(ConsoleData.ANA, ConsoleData.ANA);
        // One already acknowledged: nothing moves.
        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "{\"ids\":[\"bulk-3\",\"bulk-1\"]}"), 409, "id");
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'bulk-3'")).containsExactly("OPEN");

        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "{\"ids\":[]}"), 400, "ids");
        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "{\"ids\":\"bulk-3\"}"), 400, "ids");
        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "{\"ids\":[1]}"), 400, "ids");
        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "{\"ids\":[\"bulk-3\",\"bulk-3\"]}"), 400, "ids");
        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "{\"ids\":[" + "\"x\",".repeat(100) + "\"y\"]}"),
                400, "ids");
        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "{\"ids\":[\"" + "x".repeat(300) + "\"]}"),
                400, "ids");
        assertProblem(() -> post("/alerts/ack", ConsoleData.ANA_TOKEN, "not json"), 400, "body");
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'bulk-3'")).containsExactly("OPEN");
    }

    @Test
    @SuppressWarnings("unchecked")
    void resolvingWithAnOutcomeLabelsTheAlertForBacktests() {
        alert("outcome-1", "acct-ana-1", "CHAMPION_LEFT", "IMMINENT", ConsoleData.RAISED);
        alert("outcome-2", "acct-ana-1", "SUPPORT_SPIKE", "SUSPECTED", ConsoleData.RAISED);
        assertProblem(() -> post("/alerts/outcome-1/resolve", ConsoleData.ANA_TOKEN, "{\"outcome\":\"BOGUS\"}"), 400,
                "outcome");
        assertProblem(() -> post("/alerts/outcome-1/resolve", ConsoleData.ANA_TOKEN, "{\"note\":\"no outcome\"}"), 400,
                "outcome");
        assertProblem(() -> post("/alerts/outcome-1/resolve", ConsoleData.ANA_TOKEN, "{\"outcome\":\"SAVED\",\"note\":\""
                + "n".repeat(501) + "\"}"), 400, "note");
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'outcome-1'")).containsExactly("OPEN");

        Map<?, ?> resolved = post("/alerts/outcome-1/resolve", ConsoleData.ANA_TOKEN,
                "{\"outcome\":\"saved\",\"note\":\"renewed after an exec call\"}");
        assertThat(resolved.get("status")).isEqualTo("RESOLVED");
        assertThat(sql.rows("SELECT outcome, outcome_note, outcome_by FROM alerts WHERE alert_id = 'outcome-1'").get(0))
                .containsEntry("outcome", "SAVED").containsEntry("outcome_note", "renewed after an exec call")
                .containsEntry("outcome_by", ConsoleData.ANA);
        // Without a body, resolve still works and records no outcome.
        service.http().toBlocking().exchange(HttpRequest.POST("/alerts/outcome-2/resolve", "")
                .bearerAuth(ConsoleData.ANA_TOKEN), Map.class);
        assertThat(sql.rows("SELECT status, outcome FROM alerts WHERE alert_id = 'outcome-2'").get(0))
                .containsEntry("status", "RESOLVED").containsEntry("outcome", null);

        List<Map> outcomes = get("/alerts/outcomes?since=2026-01-01T00:00:00Z&limit=50", ConsoleData.ANA_TOKEN);
        assertThat(outcomes).extracting(o -> o.get("alertId")).contains("outcome-1").doesNotContain("outcome-2");
        Map<String, Object> one = outcomes.stream().filter(o -> "outcome-1".equals(o.get("alertId"))).findFirst()
                .map(o -> (Map<String, Object>) o).orElseThrow();
        assertThat(one).containsEntry("accountId", "acct-ana-1").containsEntry("rule", "CHAMPION_LEFT")
                .containsEntry("level", "LV1").containsEntry("outcome", "SAVED").containsEntry("by", ConsoleData.ANA)
                .containsKeys("raisedAt", "at", "note");
        assertThat(get("/alerts/outcomes", BO_TOKEN)).extracting(o -> o.get("alertId")).doesNotContain("outcome-1");
        assertThat(get("/alerts/outcomes?since=2199-01-01T00:00:00Z", ConsoleData.ANA_TOKEN)).isEmpty();
        assertProblem(() -> get("/alerts/outcomes?since=yesterday", ConsoleData.ANA_TOKEN), 400, "since");
        assertProblem(() -> get("/alerts/outcomes?limit=100000", ConsoleData.ANA_TOKEN), 400, "limit");
        assertProblem(() -> get("/alerts/inbox?limit=-1", ConsoleData.ANA_TOKEN), 400, "limit");
    }

    @Test
    void whileAnAlertIsSnoozedANewAlertOfItsRuleMakesNoDeliveriesAndAfterItsDateNormalRulesApply() {
        service.send(service.topics.accountProfiles(), "acct-snz", Records.profile("acct-snz", "Snooze Co",
                CoverageModel.HIGH_TOUCH, ConsoleData.ANA, null, null));
        service.send(service.topics.churnRiskAlerts(), "acct-snz", Records.alert("snz-1", "acct-snz",
                AlertRule.LEVEL_DOWN, Severity.SUSPECTED, CoverageModel.HIGH_TOUCH).build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM deliveries WHERE alert_id = 'snz-1'") > 0);
        post("/alerts/snz-1/snooze", ConsoleData.ANA_TOKEN, "{\"until\":\"" + Instant.now().plus(Duration.ofDays(2))
                + "\",\"reason\":\"waiting for the renewal call\"}");

        // A rise to IMMINENT would pass the cooldown; the snooze folds it into the snoozed alert instead.
        service.send(service.topics.churnRiskAlerts(), "acct-snz", Records.alert("snz-2", "acct-snz",
                AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH)
                .setRaisedAt(Records.T0.plus(Duration.ofHours(1))).build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM alerts WHERE alert_id = 'snz-2'") == 1);
        assertThat(sql.rows("SELECT status, status_note FROM alerts WHERE alert_id = 'snz-2'").get(0))
                .containsEntry("status", "SUPPRESSED");
        assertThat(sql.strings("SELECT status_note FROM alerts WHERE alert_id = 'snz-2'").get(0)).startsWith("snoozed");
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE alert_id = 'snz-2'")).isZero();

        // The snooze ended (at T0 + 90 min, on the alerts' own clock): a rise raised after it is acted on again.
        sql.update("UPDATE alerts SET snoozed_until = ? WHERE alert_id = 'snz-1'",
                Timestamp.from(Records.T0.plus(Duration.ofMinutes(90))));
        service.send(service.topics.churnRiskAlerts(), "acct-snz", Records.alert("snz-3", "acct-snz",
                AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH)
                .setRaisedAt(Records.T0.plus(Duration.ofHours(2))).build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM deliveries WHERE alert_id = 'snz-3'") > 0);
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'snz-3'")).containsExactly("OPEN");
    }

    private static void alert(String alertId, String accountId, String rule, String severity, Instant raised) {
        sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                + "model_version, raised_at, received_at, status) VALUES (?,?,?,?,40.0,'LV1',ARRAY['logins fell'],?,"
                + "'v1',?,?,'OPEN') ON CONFLICT DO NOTHING", alertId, accountId, rule, severity,
                accountId.startsWith("acct-bo") ? ConsoleData.BO : ConsoleData.ANA, Timestamp.from(raised),
                Timestamp.from(raised));
    }

    private static List<String> ids(List<Map> inbox) {
        return inbox.stream().map(i -> (String) ((Map<?, ?>) i.get("alert")).get("alertId")).toList();
    }

    private static List<Map> get(String path, String token) {
        return service.http().toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(token), Argument.listOf(Map.class));
    }

    private static HttpRequest<String> json(String path, String token, String body) {
        return HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(token);
    }

    private static Map<?, ?> post(String path, String token, String body) {
        return service.http().toBlocking().retrieve(json(path, token, body), Map.class);
    }
}
