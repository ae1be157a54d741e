package io.healthscore.alert.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.alert.evidence.BacktestEvidence.RuleRecord;
import io.healthscore.alert.evidence.BacktestReportParser.BadReport;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The evidence read from the backtest module's own reports (backtest/docs), and every report refused. */
class BacktestReportParserTest {

    static final Path CALIBRATED = Path.of("../backtest/docs/calibrated/report.json");
    static final Path DEFAULT = Path.of("../backtest/docs/default/report.json");

    private final BacktestReportParser parser = new BacktestReportParser(ObjectMapper.getDefault());

    @Test
    void aCalibratedModelsReportGivesEachRuleItsPrecisionRecallAndLead() throws IOException {
        BacktestEvidence e = parser.parse(Files.readAllBytes(CALIBRATED));

        assertThat(e.modelVersion()).isEqualTo("default-2-fitted");
        assertThat(e.calibrated()).isTrue();
        assertThat(e.horizonDays()).isEqualTo(30);
        assertThat(e.churners()).isEqualTo(200);
        assertThat(e.baseRate()).isEqualTo(0.0913);
        assertThat(e.firstMidnight()).isEqualTo(Instant.parse("2026-02-03T00:00:00Z"));
        assertThat(e.events()).isEqualTo("orgs-2m.jsonl.gz");
        assertThat(e.sha256()).hasSize(64);
        RuleRecord drop = e.recordOf("SCORE_DROP", "SUSPECTED").orElseThrow();
        assertThat(drop.alerts()).isEqualTo(599);
        assertThat(drop.hits()).isEqualTo(236);
        assertThat(drop.precision()).isEqualTo(0.394);
        assertThat(drop.churnersWarned()).isEqualTo(164);
        assertThat(drop.recall()).isEqualTo(0.82); // 164 of the 200 churners
        assertThat(drop.medianLeadDays()).isEqualTo(12.2171);
        assertThat(drop.p25LeadDays()).isEqualTo(8.1288);
        assertThat(drop.p75LeadDays()).isEqualTo(16.2007);
        assertThat(e.recordOf("SCORE_DROP", "NOTHING")).isEmpty();
    }

    @Test
    void theDefaultModelsReportSaysItsLevelsAreNotCalibrated() throws IOException {
        BacktestEvidence e = parser.parse(Files.readAllBytes(DEFAULT));

        assertThat(e.calibrated()).isFalse();
        assertThat(e.rules()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.hits()).isLessThanOrEqualTo(r.alerts());
            assertThat(r.churnersWarned()).isLessThanOrEqualTo(e.churners());
        });
    }

    @Test
    void aRuleThatWarnedNoChurnerHasNoLead() {
        BacktestEvidence e = parser.parse(reportBytes("{\"group\": \"INACTIVITY IMMINENT\", \"alerts\": 4, \"hits\": 0, "
                + "\"precision\": 0.0, \"leadDays\": {\"churnersWarned\": 0, \"median\": null, \"p25\": null, "
                + "\"p75\": null}}"));

        RuleRecord r = e.recordOf("INACTIVITY", "IMMINENT").orElseThrow();
        assertThat(r.medianLeadDays()).isNull();
        assertThat(r.recall()).isEqualTo(0.0);
    }

    @Test
    void reportsThatCannotBeUsedAreRefusedNamingWhy() {
        refused("", "empty");
        refused("not json", "not a JSON object");
        refused("[1, 2]", "not a JSON object");
        refused("null", "not a JSON object");
        refused("{\"usable\": false, \"unusableBecause\": \"no churner\\u0000 in the log\"}",
                "not usable: no churner  in the log");
        refused(valid().replace("\"default-2-fitted\"", "\"\""), "inputs.modelVersion");
        refused(valid().replace("\"default-2-fitted\"", "\"v1<script>\""), "inputs.modelVersion");
        refused(valid().replace("\"default-2-fitted\"", "42"), "inputs.modelVersion");
        refused(valid().replace("\"calibrated\": true", "\"calibrated\": \"yes\""), "levels.model.calibrated");
        refused(valid().replace("\"horizonDays\": 30", "\"horizonDays\": 0"), "evaluation.horizonDays");
        refused(valid().replace("\"churners\": 200", "\"churners\": 1.5"), "alerts.churners");
        refused(valid().replace("\"churners\": 200", "\"churners\": -1"), "alerts.churners");
        refused(report("{\"group\": \"SCORE_DROP SUSPECTED\", \"alerts\": 5, \"hits\": 9, \"precision\": 1.8}"),
                "alerts.byRuleAndSeverity[0].hits");
        refused(report("{\"group\": \"SCORE_DROP SUSPECTED\", \"alerts\": 5, \"hits\": 1, \"precision\": 1.8}"),
                "alerts.byRuleAndSeverity[0].precision");
        refused(report("{\"group\": \"SCORE_DROP SUSPECTED\", \"alerts\": 5, \"hits\": 1, \"precision\": \"NaN\"}"),
                "alerts.byRuleAndSeverity[0].precision");
        refused(report("{\"group\": \"'; DROP TABLE alerts; --\", \"alerts\": 5, \"hits\": 1}"),
                "alerts.byRuleAndSeverity[0].group");
        refused(report("{\"group\": \"SCORE_DROP SUSPECTED\", \"alerts\": 5, \"hits\": 1, "
                + "\"leadDays\": {\"churnersWarned\": 900}}"), "leadDays.churnersWarned");
        refused(report("{\"group\": \"SCORE_DROP SUSPECTED\", \"alerts\": 5, \"hits\": 1}, "
                + "{\"group\": \"SCORE_DROP SUSPECTED\", \"alerts\": 5, \"hits\": 1}"), "appears twice");
        refused(report("7"), "alerts.byRuleAndSeverity[0]: must be an object");
        refused(report(String.join(",", java.util.Collections.nCopies(201, "{}"))), "more than 200 groups");
        refused(valid().replace("\"generatedAt\": \"2026-12-03T16:35:23Z\"", "\"generatedAt\": \"yesterday\""),
                "generatedAt");
        assertThatThrownBy(() -> parser.parse(new byte[BacktestReportParser.MAX_BYTES + 1])).isInstanceOf(BadReport.class)
                .hasMessageContaining("larger than");
    }

    private void refused(String json, String naming) {
        assertThatThrownBy(() -> parser.parse(json.getBytes(StandardCharsets.UTF_8))).as(json.length() > 200
                ? json.substring(0, 200) : json).isInstanceOf(BadReport.class).hasMessageContaining(naming);
    }

    private static String valid() {
        return report("{\"group\": \"SCORE_DROP SUSPECTED\", \"alerts\": 5, \"hits\": 1, \"precision\": 0.2}");
    }

    private static byte[] reportBytes(String groups) {
        return report(groups).getBytes(StandardCharsets.UTF_8);
    }

    private static String report(String groups) {
        return "{\"generatedAt\": \"2026-12-03T16:35:23Z\", \"usable\": true, \"inputs\": {\"modelVersion\": "
                + "\"default-2-fitted\"}, \"levels\": {\"model\": {\"calibrated\": true}}, \"evaluation\": "
                + "{\"horizonDays\": 30, \"baseRate\": 0.09}, \"alerts\": {\"churners\": 200, \"byRuleAndSeverity\": ["
                + groups + "]}}";
    }
}
