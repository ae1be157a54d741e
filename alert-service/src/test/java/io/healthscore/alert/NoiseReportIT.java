package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.healthscore.alert.store.NoiseReportRepository;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /reports/noise: counts per (owner, rule, ISO week) from alerts sent through the intake and worked via the API. */
@ExtendWith(LocalStackExtension.class)
class NoiseReportIT {

    private static final String A = "noise-a@example.com";
    private static final String B = "noise-b@example.com";
    private static AlertServiceFixture service;
    private static Instant thisMonday;
    private static Instant lastMonday;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "noise_it", Map.of());
        thisMonday = NoiseReportRepository.firstMonday(Instant.now(), 1);
        lastMonday = thisMonday.minus(Duration.ofDays(7));
        send("n-a1", "acct-n1", AlertRule.LEVEL_DOWN, A, lastMonday.plus(Duration.ofHours(30)));
        send("n-a2", "acct-n2", AlertRule.LEVEL_DOWN, A, thisMonday.minusSeconds(60)); // Sunday 23:59 UTC
        send("n-a3", "acct-n3", AlertRule.LEVEL_DOWN, A, thisMonday);                   // Monday 00:00 UTC
        send("n-b1", "acct-n4", AlertRule.INACTIVITY, B, lastMonday);
        send("n-b2", "acct-n5", AlertRule.PAYMENT_FAILED, B, thisMonday.plus(Duration.ofHours(1)));
        send("n-x1", "acct-n6", AlertRule.INACTIVITY, null, thisMonday.plus(Duration.ofHours(2)));
        Sql sql = new Sql(service.jdbcUrl);
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.count("SELECT count(*) FROM alerts") == 6);
        post("/alerts/n-a1/ack");
        post("/alerts/n-a2/resolve");
        post("/alerts/n-b1/ack");
        post("/alerts/n-b1/resolve", "{\"outcome\":\"FALSE_ALARM\",\"note\":\"they were on holiday\"}");
        post("/alerts/n-b2/snooze", "{\"until\":\"" + Instant.now().plus(Duration.ofDays(2)) + "\",\"reason\":\"renewal call\"}");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void rowsCountPerOwnerRuleAndWeekWithMondayBoundaries() {
        Map<?, ?> report = get("/reports/noise?weeks=2");
        assertThat(report.get("weeks")).isEqualTo(2);
        assertThat((String) report.get("note")).contains("FALSE_ALARM").contains("once per rule");
        String w1 = LocalDate.ofInstant(lastMonday, ZoneOffset.UTC).toString();
        String w2 = LocalDate.ofInstant(thisMonday, ZoneOffset.UTC).toString();
        List<String> rows = new ArrayList<>();
        for (Object o : (List<?>) report.get("rows")) {
            Map<?, ?> r = (Map<?, ?>) o;
            rows.add(r.get("week") + " " + r.get("owner") + " " + r.get("rule") + " raised=" + r.get("raised")
                    + " ack=" + r.get("acknowledged") + " resolved=" + r.get("resolved")
                    + " suppressed=" + r.get("suppressed") + " open=" + r.get("stillOpen")
                    + " median=" + (r.get("medianHoursToAcknowledge") != null) + " snoozed=" + r.get("snoozed")
                    + " false=" + r.get("falseAlarm"));
        }
        assertThat(rows).containsExactly(
                w1 + " " + A + " LEVEL_DOWN raised=2 ack=1 resolved=1 suppressed=0 open=0 median=true snoozed=0 false=0",
                w1 + " " + B + " INACTIVITY raised=1 ack=1 resolved=1 suppressed=0 open=0 median=true snoozed=0 false=1",
                w2 + " null INACTIVITY raised=1 ack=0 resolved=0 suppressed=0 open=1 median=false snoozed=0 false=0",
                w2 + " " + A + " LEVEL_DOWN raised=1 ack=0 resolved=0 suppressed=0 open=1 median=false snoozed=0 false=0",
                w2 + " " + B + " PAYMENT_FAILED raised=1 ack=0 resolved=0 suppressed=0 open=1 median=false snoozed=1 "
                        + "false=0");

        assertThat((List<?>) get("/reports/noise?weeks=1").get("rows")).hasSize(3);
        assertThat(get("/reports/noise").get("weeks")).isEqualTo(8);
    }

    @Test
    void badWeeksAreRefusedAndCsmTokensForbidden() {
        for (String bad : List.of("0", "53", "abc")) {
            HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class,
                    () -> get("/reports/noise?weeks=" + bad));
            assertThat(e).as("weeks=" + bad).isNotNull();
            assertThat(e.getStatus().getCode()).isEqualTo(400);
            assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
        }
        HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class,
                () -> service.http().toBlocking().retrieve(HttpRequest.GET("/reports/noise")
                        .bearerAuth(AlertServiceFixture.CSM_TOKEN), Map.class));
        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(403);
    }

    private static void send(String id, String account, AlertRule rule, String owner, Instant raisedAt) {
        service.send(service.topics.churnRiskAlerts(), account, Records.alert(id, account, rule, Severity.IMMINENT,
                CoverageModel.HIGH_TOUCH).setCsmOwnerEmail(owner).setRaisedAt(raisedAt).build());
    }

    private static Map<?, ?> get(String path) {
        return service.http().toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(AlertServiceFixture.OPS_TOKEN),
                Map.class);
    }

    private static void post(String path) {
        service.http().toBlocking().exchange(HttpRequest.POST(path, "").bearerAuth(AlertServiceFixture.CSM_TOKEN));
    }

    private static void post(String path, String json) {
        service.http().toBlocking().exchange(HttpRequest.POST(path, json)
                .contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE).bearerAuth(AlertServiceFixture.CSM_TOKEN));
    }
}
