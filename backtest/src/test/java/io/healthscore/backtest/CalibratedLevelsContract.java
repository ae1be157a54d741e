package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.avro.HealthLevel;
import io.healthscore.backtest.fit.AlertThresholdFit;
import io.healthscore.backtest.fit.LevelCalibration;
import io.healthscore.backtest.metrics.AlertQuality;
import io.healthscore.backtest.metrics.LevelChurnRates;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.report.BacktestReport;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What risk-calibrated levels must do on a generated log with planted churn, whatever its shape: a backtest with
 * {@code --fit} calibrates the levels so that each holds at least 5 % of the samples, Lv1 churns at 50 % or more and
 * Lv4 at 3 % or less within 30 days (where the planted signal allows it, see {@link #lv4MaxRate()}); the proposed model loads with those boundaries; and replayed through the
 * scoring topology with it (hysteresis and all), the levels keep those shares and rates. The same two runs show the
 * earlier warnings: the fit tunes USAGE_DECLINE to 50 % precision with a median lead of 14 days or more (where the
 * planted signal allows it, see {@link #declineMinLeadDays()}), and replayed with those thresholds each of its
 * severities is followed by churn well above the base rate, the report stating lead and precision per rule. Each
 * subclass writes a log of one shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CalibratedLevelsContract {

    static final double MIN_SHARE = 0.05;
    static final double LV1_MIN_RATE = 0.50;
    static final double LV4_MAX_RATE = 0.03;

    BacktestReport fitted;
    BacktestReport calibrated;
    Path fittedOut;
    Path calibratedOut;

    /** Writes the log with planted churn; returns its mapping file, or null for the native format. */
    abstract Path writeLog(Path log) throws Exception;

    /** The highest churn rate Lv4 may have: 3 %, unless the planted signal of the shape does not allow it. */
    double lv4MaxRate() {
        return LV4_MAX_RATE;
    }

    /** The median lead the fitted USAGE_DECLINE must reach at 50 % precision: 14 days unless the shape does not allow it. */
    double declineMinLeadDays() {
        return 14;
    }

    /** The smallest share a level may have as the topology assigns it (with hysteresis): 5 % unless said otherwise. */
    double topologyMinShare() {
        return MIN_SHARE;
    }

    @BeforeAll
    void backtestWithFitThenReplayTheProposedModel(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("planted.jsonl.gz");
        Path mapping = writeLog(log);
        fittedOut = dir.resolve("fitted");
        calibratedOut = dir.resolve("calibrated");
        BacktestOptions options = BacktestOptions.of(log, fittedOut)
                .withReplay(new ReplaySettings(Duration.ofHours(6), 500));
        if (mapping != null) {
            options = options.withMapping(mapping);
        }
        fitted = Backtest.run(options.withFit(true), message -> { });
        calibrated = Backtest.run(new BacktestOptions(options.events(), options.mapping(), null,
                Path.of(fitted.proposedModel()), false, calibratedOut, options.warmupDays(), options.horizonDays(),
                options.leadDays(), options.replay(), options.seed(), options.sort(), options.maxDeadLetterShare()),
                message -> { });
    }

    @Test
    void theFitCalibratesLevelsThatEachHoldTheirShareAndMeanTheirRiskBand() {
        LevelCalibration.Result c = fitted.calibration();

        assertThat(c.calibrated()).as(c.uncalibratedBecause()).isTrue();
        assertThat(c.shares()).allSatisfy(s -> assertThat(s.samples() / (double) c.samples())
                .as("share of %s", s.level()).isGreaterThanOrEqualTo(MIN_SHARE));
        assertThat(c.shares().get(0).rate()).isGreaterThanOrEqualTo(LV1_MIN_RATE);
        assertThat(c.shares().get(3).rate()).isLessThanOrEqualTo(lv4MaxRate()).isLessThan(fitted.baseRate());
        assertThat(c.shares()).extracting(LevelCalibration.LevelShare::rate).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void theProposedModelLoadsWithTheCalibratedBoundariesAndNoNaN() throws Exception {
        String yaml = Files.readString(Path.of(fitted.proposedModel()));
        ScoringModel proposed = ScoringModelLoader.parse("proposed-model.yml", yaml);

        assertThat(proposed.levels()).isEqualTo(fitted.calibration().levels());
        assertThat(proposed.levels().isCalibrated()).isTrue();
        assertThat(yaml).doesNotContainIgnoringCase("nan").doesNotContain("Infinity")
                .contains("# Levels calibrated to churn risk within 30 days");
    }

    @Test
    void theScoringTopologyWithTheProposedModelGivesThoseLevels() {
        List<LevelChurnRates.LevelRate> levels = calibrated.levels().levels();
        long samples = levels.stream().mapToLong(LevelChurnRates.LevelRate::samples).sum();

        assertThat(calibrated.model().levels().isCalibrated()).isTrue();
        assertThat(levels).allSatisfy(l -> assertThat(l.samples() / (double) samples)
                .as("share of %s", l.level()).isGreaterThanOrEqualTo(topologyMinShare()));
        assertThat(levels.get(HealthLevel.LV1.ordinal()).rate()).isGreaterThanOrEqualTo(LV1_MIN_RATE);
        assertThat(levels.get(HealthLevel.LV4.ordinal()).rate()).isLessThanOrEqualTo(lv4MaxRate());
        assertThat(calibrated.levels().monotonic()).isTrue();
    }

    @Test
    void theReportsSayWhetherTheLevelsAreCalibrated() throws Exception {
        JsonNode before = new ObjectMapper().readTree(fittedOut.resolve("report.json").toFile());
        JsonNode after = new ObjectMapper().readTree(calibratedOut.resolve("report.json").toFile());

        assertThat(before.at("/levels/model/calibrated").asBoolean()).isFalse();
        assertThat(before.at("/levels/model/basis").asText()).isEqualTo("uncalibrated score bands");
        assertThat(before.at("/calibration/calibrated").asBoolean()).isTrue();
        assertThat(after.at("/levels/model/calibrated").asBoolean()).isTrue();
        assertThat(after.at("/levels/model/riskBands/lv1").asDouble()).isEqualTo(0.5);
        assertThat(Files.readString(fittedOut.resolve("report.md")))
                .contains("Levels: **uncalibrated** score bands", "## Risk-calibrated levels (proposed)");
        assertThat(Files.readString(calibratedOut.resolve("report.md"))).contains("Levels: **calibrated** to churn");
    }

    @Test
    void theFitTunesUsageDeclineToHalfItsFiringsFollowedByChurnWithTheLongestLead() throws Exception {
        AlertThresholdFit.Result f = fitted.alertFit();

        assertThat(f.fitted()).as(f.notFittedBecause()).isTrue();
        assertThat(f.suspected().precision()).isGreaterThanOrEqualTo(0.5);
        assertThat(f.suspected().leads().median()).isGreaterThanOrEqualTo(declineMinLeadDays());
        assertThat(f.imminent().threshold()).isGreaterThan(f.suspected().threshold());
        ScoringModel proposed = ScoringModelLoader.load(Path.of(fitted.proposedModel()));
        assertThat(proposed.alerts().usageDecline()).isEqualTo(f.proposed());
    }

    @Test
    void replayedWithTheFittedThresholdsUsageDeclineWarnsWellAboveTheBaseRateAndTheReportSaysHowEarly()
            throws Exception {
        List<AlertQuality.Precision> decline = calibrated.alerts().byRuleAndSeverity().stream()
                .filter(p -> p.group().startsWith("USAGE_DECLINE ")).toList();

        assertThat(decline).extracting(AlertQuality.Precision::group)
                .containsExactly("USAGE_DECLINE SUSPECTED", "USAGE_DECLINE IMMINENT");
        assertThat(decline).allSatisfy(p -> {
            assertThat(p.precision()).as(p.group()).isGreaterThan(2 * calibrated.baseRate());
            assertThat(p.leads().count()).as(p.group()).isPositive();
        });
        assertThat(Files.readString(calibratedOut.resolve("report.md")))
                .contains("- USAGE_DECLINE SUSPECTED fires a median ", "- USAGE_DECLINE IMMINENT fires a median ",
                        "of its firings are followed by churn within 30 days")
                .doesNotContain("NaN");
        assertThat(new ObjectMapper().readTree(fittedOut.resolve("report.json").toFile())
                .at("/usageDeclineFit/fitted").asBoolean()).isTrue();
        JsonNode groups = new ObjectMapper().readTree(calibratedOut.resolve("report.json").toFile())
                .at("/alerts/byRuleAndSeverity");
        assertThat(groups).filteredOn(g -> g.get("group").asText().equals("USAGE_DECLINE SUSPECTED"))
                .singleElement().satisfies(g -> assertThat(g.at("/leadDays/median").isNumber()).isTrue());
    }
}
