package io.healthscore.backtest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.Severity;
import io.healthscore.backtest.replay.AlertRecord;
import io.healthscore.backtest.report.MarkdownReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Per rule and severity: the lead times of the churners it warned (median and quartiles) and its precision, and
 * the sentence the report states them in.
 */
class AlertEvidenceTest {

    private static final long DAY = EvaluationWindow.DAY_MS;
    private static final EvaluationWindow WINDOW = new EvaluationWindow(0, 200 * DAY, 28, 30);

    @Test
    void eachGroupGetsTheLeadTimesOfTheChurnersItWarnedAndItsPrecision() {
        // Given four churners on day 100, warned by USAGE_DECLINE SUSPECTED 10, 15, 20 and 25 days before, one of them
        // also by INACTIVITY SUSPECTED 2 days before, and a stayer with one USAGE_DECLINE SUSPECTED alert
        Map<String, Long> churnAt = new HashMap<>();
        List<AlertRecord> alerts = new ArrayList<>();
        int[] leads = {10, 15, 20, 25};
        for (int i = 0; i < leads.length; i++) {
            churnAt.put("c" + i, 100 * DAY);
            alerts.add(new AlertRecord("c" + i, (100 - leads[i]) * DAY, AlertRule.USAGE_DECLINE, Severity.SUSPECTED));
        }
        alerts.add(new AlertRecord("c0", 98 * DAY, AlertRule.INACTIVITY, Severity.SUSPECTED));
        alerts.add(new AlertRecord("s0", 60 * DAY, AlertRule.USAGE_DECLINE, Severity.SUSPECTED));
        Set<String> scored = new java.util.HashSet<>(churnAt.keySet());
        scored.add("s0");

        // When the alerts are measured
        AlertQuality.Result result = AlertQuality.compute(alerts, churnAt, scored, WINDOW, 0.05);

        // Then USAGE_DECLINE SUSPECTED fires a median 17.5 days before churn (quartiles 13.75 and 21.25), and four of
        // its five firings are followed by churn; INACTIVITY's one firing is, 2 days before
        Map<String, AlertQuality.Precision> groups = result.byRuleAndSeverity().stream()
                .collect(Collectors.toMap(AlertQuality.Precision::group, p -> p));
        AlertQuality.Precision decline = groups.get("USAGE_DECLINE SUSPECTED");
        assertThat(decline.precision()).isEqualTo(0.8);
        assertThat(decline.leads().days()).containsExactly(10.0, 15.0, 20.0, 25.0);
        assertThat(decline.leads().median()).isEqualTo(17.5);
        assertThat(decline.leads().p25()).isEqualTo(13.75);
        assertThat(decline.leads().p75()).isEqualTo(21.25);
        assertThat(groups.get("INACTIVITY SUSPECTED").leads().days()).containsExactly(2.0);
        assertThat(result.overall().leads().median()).isEqualTo(17.5);
        assertThat(MarkdownReport.evidence(decline, 30)).isEqualTo("USAGE_DECLINE SUSPECTED fires a median 17.5 days "
                + "before churn (p25 13.8, p75 21.3, 4 churners), 80.0% of its firings are followed by churn within 30 "
                + "days (4 of 5).");
    }

    @Test
    void aGroupThatWarnedNoChurnerSaysSoWithoutANaN() {
        List<AlertRecord> alerts = List.of(new AlertRecord("s0", 60 * DAY, AlertRule.DETRACTOR_NPS, Severity.SUSPECTED));

        AlertQuality.Result result = AlertQuality.compute(alerts, Map.of("c0", 100 * DAY), Set.of("s0", "c0"), WINDOW,
                0.05);

        AlertQuality.Precision p = result.byRuleAndSeverity().get(0);
        assertThat(p.leads().count()).isZero();
        assertThat(MarkdownReport.evidence(p, 30)).isEqualTo("DETRACTOR_NPS SUSPECTED warned no churner in the 30 days "
                + "before it churned, 0.0% of its firings are followed by churn within 30 days (0 of 1).")
                .doesNotContain("NaN");
    }

    @Test
    void quartilesInterpolateBetweenTheClosestRanks() {
        LeadTimes leads = new LeadTimes(List.of(30.0, 10.0, 20.0));

        assertThat(leads.median()).isEqualTo(20.0);
        assertThat(leads.p25()).isEqualTo(15.0);
        assertThat(leads.p75()).isEqualTo(25.0);
        assertThat(LeadTimes.NONE.median()).isNaN();
    }
}
