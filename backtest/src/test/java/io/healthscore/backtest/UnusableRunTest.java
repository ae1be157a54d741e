package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.metrics.AlertQuality;
import io.healthscore.backtest.metrics.Auc;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose numbers cannot be trusted exits with status 3 and says why, and still writes its report, marked as
 * unusable: most inputs dead-lettered, no account scored, or headline metrics undefined (AUCs, precision, recall).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnusableRunTest {

    private Path dir;
    private Path log;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    void generate(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        log = dir.resolve("planted.jsonl");
        new SyntheticLog(GeneratorSettings.defaults().with(30, 15_000, 70).withChurnShare(0.3).withSeed(5))
                .write(log, null);
    }

    private int backtest(Path events, String out, String... more) {
        err.reset();
        List<String> args = new java.util.ArrayList<>(List.of("--events", events.toString(), "--out",
                dir.resolve(out).toString(), "--warmup-days", "14", "--evaluation-interval", "12h"));
        args.addAll(List.of(more));
        return BacktestMain.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode json(String out) throws Exception {
        return new ObjectMapper().readTree(dir.resolve(out).resolve("report.json").toFile());
    }

    @Test
    void aUsableRunExitsWithZero() throws Exception {
        assertThat(backtest(log, "usable")).isZero();
        assertThat(json("usable").get("usable").asBoolean()).isTrue();
        assertThat(json("usable").get("unusableBecause")).isEmpty();
    }

    @Test
    void aRunWithoutChurnersHasNoAucAndExitsWithThree() throws Exception {
        Path mapping = dir.resolve("no-churn.yml");
        String nativeMapping = Files.readString(Path.of("examples/native-mapping.yml"));
        Files.writeString(mapping, nativeMapping.replace("when: {event: subscription_cancelled}",
                "when: {event: never-written}"));

        int status = backtest(log, "no-churn", "--mapping", mapping.toString());

        assertThat(status).isEqualTo(3);
        assertThat(err()).contains("AUC of the score 7 days before churn is undefined: no churner could be measured")
                .contains("alert recall is undefined: no churner after the warm-up");
        assertThat(json("no-churn").get("usable").asBoolean()).isFalse();
    }

    @Test
    void aBadDeadLetterShareIsABadArgument() {
        assertThat(backtest(log, "bad", "--max-dead-letters", "120%")).isEqualTo(2);
        assertThat(err()).startsWith("backtest: --max-dead-letters: expected a share such as 20% or 0.2, got '120%'");
    }

    // The replay pipes only inputs the mapping has checked, so the topology dead-letters few of them; the cases
    // below are those of an input the topology of the day refuses, decided on the run's numbers.

    private static final Auc.Result AUC = new Auc.Result(0.8, 5, 100, List.of());
    private static final Map<Integer, LeadTimeAuc.Result> LEAD_AUC = Map.of(7, new LeadTimeAuc.Result(7, AUC, 5, 0));
    private static final AlertQuality.Result ALERTS = new AlertQuality.Result(
            new AlertQuality.Precision("all", 10, 4, 0), List.of(), 0, 0, 5, 4, 2, 1, List.of(9.0), 9.0, 0.1);

    @Test
    void moreThanTheAllowedShareDeadLetteredIsUnusableAndNamesTheMainReason() {
        Map<String, Long> reasons = Map.of("occurredAt <time> is more than PT672H before now <time> (outside the "
                + "scoring window; it cannot change a score)", 790L, "feature must not contain control characters", 1L);

        assertThat(UsabilityCheck.reasons(1_000, 791, reasons, 20, LEAD_AUC, AUC, ALERTS, 0.2)).containsExactly(
                "79.1% of the 1,000 topology inputs were dead-lettered (more than the 20% allowed by --max-dead-letters); "
                        + "most of them: 790 occurredAt <time> is more than PT672H before now <time> (outside the "
                        + "scoring window; it cannot change a score)");
        assertThat(UsabilityCheck.reasons(1_000, 200, reasons, 20, LEAD_AUC, AUC, ALERTS, 0.2)).isEmpty();
        assertThat(UsabilityCheck.reasons(1_000, 791, reasons, 20, LEAD_AUC, AUC, ALERTS, 0.9)).isEmpty();
    }

    @Test
    void noAccountScoredIsUnusable() {
        assertThat(UsabilityCheck.reasons(1_000, 0, Map.of(), 0, LEAD_AUC, AUC, ALERTS, 0.2))
                .containsExactly("no account was scored");
    }

    @Test
    void noAlertAfterTheWarmUpLeavesPrecisionUndefined() {
        AlertQuality.Result noAlerts = new AlertQuality.Result(new AlertQuality.Precision("all", 0, 0, 0), List.of(),
                0, 0, 5, 0, 0, 5, List.of(), Double.NaN, 0.1);

        assertThat(UsabilityCheck.reasons(1_000, 0, Map.of(), 20, LEAD_AUC, AUC, noAlerts, 0.2))
                .containsExactly("alert precision is undefined: no alert was raised after the warm-up");
    }
}
