package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.avro.HealthLevel;
import io.healthscore.backtest.fit.AlertThresholdFit;
import io.healthscore.backtest.fit.LevelCalibration;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.metrics.AlertQuality;
import io.healthscore.backtest.metrics.DayValue;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import io.healthscore.backtest.metrics.LeadTimes;
import io.healthscore.backtest.metrics.LevelChurnRates;
import io.healthscore.backtest.replay.AccountTimeline;
import io.healthscore.backtest.replay.AlertRecord;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.report.BacktestReport;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What risk-calibrated levels must do on a generated log with planted churn, whatever its shape: a backtest with
 * {@code --fit} calibrates the levels so that each holds at least 5 % of the samples, Lv1 churns at 50 % or more and
 * Lv4 at 3 % or less within 30 days (where the planted signal allows it, see {@link #lv4MaxRate()}); the proposed model loads with those boundaries; and replayed through the
 * scoring topology with it (hysteresis and all), the levels keep those shares and rates. The same two runs show the
 * earlier warnings: the fit tunes USAGE_DECLINE and RISK_RISE to 50 % precision with the longest lead, and the better
 * of the two warns the churners whose planted decline lasted three weeks or more a median 14 days or more before they
 * churn (measured over those churners, by the log's ground truth; abrupt churners and shorter declines are in the log,
 * but not in that claim); replayed with the proposed model, each severity of both rules is followed by churn well above
 * the base rate, the report stating lead and precision per rule, and its score ranks those churners below the
 * stayers 14 days before they churn with an AUC of 0.90 or more. Each
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

    /** The churners the lead-time and AUC claims are about: planted usage declines of at least three weeks. */
    static final int COHORT_MIN_DECLINE_DAYS = 21;
    static final double MIN_LEAD_DAYS = 14;
    static final double MIN_AUC_14 = 0.90;

    SyntheticLog.GroundTruth truth;

    /** Writes the log with planted churn and returns what was planted. */
    abstract SyntheticLog.GroundTruth writeLog(Path log) throws Exception;

    /** The log's mapping file, or null for the native format. */
    abstract Path mapping();

    /** The AUC 14 days before churn over every churner, abrupt ones included: 0.90 unless the shape does not allow it. */
    double overallMinAuc14() {
        return MIN_AUC_14;
    }

    /** The highest churn rate Lv4 may have: 3 %, unless the planted signal of the shape does not allow it. */
    double lv4MaxRate() {
        return LV4_MAX_RATE;
    }

    /** The smallest share a level may have as the topology assigns it (with hysteresis): 5 % unless said otherwise. */
    double topologyMinShare() {
        return MIN_SHARE;
    }

    @BeforeAll
    void backtestWithFitThenReplayTheProposedModel(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("planted.jsonl.gz");
        truth = writeLog(log);
        Path mapping = mapping();
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
        // (how long that lead is over the declines of three weeks or more: the test after the next)
        AlertThresholdFit.Result f = fitted.alertFit();

        assertThat(f.fitted()).as(f.notFittedBecause()).isTrue();
        assertThat(f.suspected().precision()).isGreaterThanOrEqualTo(0.5);
        assertThat(f.suspected().leads().median()).isPositive();
        assertThat(f.imminent().threshold()).isGreaterThan(f.suspected().threshold());
        ScoringModel proposed = ScoringModelLoader.load(Path.of(fitted.proposedModel()));
        assertThat(proposed.alerts().usageDecline()).isEqualTo(f.applyTo(fitted.model().alerts().usageDecline()));
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

    /** The churners of the log whose planted usage decline lasted three weeks or more, and that the log shows churning. */
    Set<String> cohort() {
        return truth.declineDays().entrySet().stream()
                .filter(e -> e.getValue() >= COHORT_MIN_DECLINE_DAYS && fitted.churnAt().containsKey(e.getKey()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static LeadTimes over(Map<String, Double> leadByChurner, Set<String> churners) {
        return new LeadTimes(leadByChurner.entrySet().stream().filter(e -> churners.contains(e.getKey()))
                .map(Map.Entry::getValue).toList());
    }

    @Test
    void theBestFittedRuleWarnsTheDeclinersOfThreeWeeksOrMoreAMedianFourteenDaysAheadAtHalfPrecision() {
        Set<String> cohort = cohort();
        double best = Double.NaN;
        String which = "none";
        for (AlertThresholdFit.Result r : List.of(fitted.alertFit(), fitted.riskRiseFit())) {
            if (!r.fitted()) {
                System.out.printf(Locale.ROOT, "%s %s not fitted: %s%n", getClass().getSimpleName(), r.rule(),
                        r.notFittedBecause());
                continue;
            }
            AlertThresholdFit.Candidate s = r.suspected();
            LeadTimes leads = over(s.leadByChurner(), cohort);
            System.out.printf(Locale.ROOT, "%s %s window %d days, suspected %.2f: precision %.1f%% (%d of %d), median lead %.1f days "
                            + "over %d of %d churners with declines >= %d days (all warned churners: %.1f over %d)%n",
                    getClass().getSimpleName(), r.rule(), r.windowDays(), s.threshold(), 100 * s.precision(), s.hits(),
                    s.judged(),
                    leads.median(), leads.count(), cohort.size(), COHORT_MIN_DECLINE_DAYS, s.leads().median(),
                    s.leads().count());
            if (s.precision() >= 0.5 && leads.count() > 0 && !(leads.median() <= best)) {
                best = leads.median();
                which = r.rule();
            }
        }

        assertThat(cohort).as("declining churners of three weeks or more").hasSizeGreaterThanOrEqualTo(10);
        assertThat(best).as("the best fitted rule's median lead over them (%s)", which)
                .isGreaterThanOrEqualTo(MIN_LEAD_DAYS);
    }

    @Test
    void theProposedModelRanksTheChurnersBelowTheStayersFourteenDaysBeforeTheyChurn() {
        Set<String> cohort = cohort();
        Map<String, Long> churnAt = calibrated.churnAt();
        List<AccountTimeline> stayersAndDecliners = calibrated.replay().observations().timelines().stream()
                .filter(t -> !churnAt.containsKey(t.account()) || cohort.contains(t.account())).toList();
        Map<String, Long> decliners = new HashMap<>(churnAt);
        decliners.keySet().retainAll(cohort);

        double overall = calibrated.scoreAuc().get(14).auc().auc();
        LeadTimeAuc.Result declining = LeadTimeAuc.compute(stayersAndDecliners, decliners, calibrated.window(), 14,
                DayValue.score());
        System.out.printf(Locale.ROOT, "%s AUC 14 days before churn under the proposed model: %.3f over every churner "
                        + "(%d measured), %.3f over the %d churners with declines >= %d days; default model %.3f%n",
                getClass().getSimpleName(), overall, calibrated.scoreAuc().get(14).churnersMeasured(),
                declining.auc().auc(), declining.churnersMeasured(), COHORT_MIN_DECLINE_DAYS,
                fitted.scoreAuc().get(14).auc().auc());

        assertThat(declining.auc().auc()).isGreaterThanOrEqualTo(MIN_AUC_14);
        assertThat(overall).isGreaterThanOrEqualTo(overallMinAuc14());
    }

    @Test
    void replayedWithTheProposedModelRiskRiseWarnsAboveTheBaseRateAndTheReportSaysHowEarly() throws Exception {
        AlertThresholdFit.Result f = fitted.riskRiseFit();
        assertThat(f.fitted()).as(f.notFittedBecause()).isTrue();
        ScoringModel proposed = ScoringModelLoader.load(Path.of(fitted.proposedModel()));
        assertThat(proposed.alerts().riskRise()).isEqualTo(f.applyTo(fitted.model().alerts().riskRise()));
        assertThat(f.imminent().threshold()).isGreaterThan(f.suspected().threshold());

        List<AlertQuality.Precision> rise = calibrated.alerts().byRuleAndSeverity().stream()
                .filter(p -> p.group().startsWith("RISK_RISE ")).toList();
        Set<String> cohort = cohort();
        for (AlertQuality.Precision p : calibrated.alerts().byRuleAndSeverity()) {
            System.out.printf(Locale.ROOT, "%s replayed: %s, over the declines >= %d days: %s%n",
                    getClass().getSimpleName(), io.healthscore.backtest.report.MarkdownReport.evidence(p, 30),
                    COHORT_MIN_DECLINE_DAYS, describe(firstAlertLeads(p.group(), cohort)));
        }
        assertThat(rise).extracting(AlertQuality.Precision::group).contains("RISK_RISE SUSPECTED");
        assertThat(rise).allSatisfy(p -> assertThat(p.precision()).as(p.group())
                .isGreaterThan(2 * calibrated.baseRate()));
        assertThat(Files.readString(calibratedOut.resolve("report.md"))).contains("- RISK_RISE SUSPECTED fires a median ");
        assertThat(Files.readString(fittedOut.resolve("report.md"))).contains("## RISK_RISE thresholds");
        assertThat(new ObjectMapper().readTree(fittedOut.resolve("report.json").toFile())
                .at("/riskRiseFit/fitted").asBoolean()).isTrue();
        // Before the fit the levels are uncalibrated: the rule stays silent
        assertThat(fitted.alerts().byRuleAndSeverity()).noneMatch(p -> p.group().startsWith("RISK_RISE "));
    }

    private static String describe(LeadTimes leads) {
        return leads.count() == 0 ? "warned none" : String.format(Locale.ROOT, "a median %.1f days before churn (%d "
                + "churners)", leads.median(), leads.count());
    }

    /** The replayed group's leads over some churners: churn - its first alert in the horizon before. */
    private LeadTimes firstAlertLeads(String group, Set<String> churners) {
        Map<String, Long> first = new HashMap<>();
        long horizon = calibrated.window().horizonMs();
        for (AlertRecord a : calibrated.replay().observations().alerts()) {
            Long churn = calibrated.churnAt().get(a.account());
            if (churners.contains(a.account()) && (a.rule() + " " + a.severity()).equals(group) && churn != null
                    && a.raisedAt() < churn && a.raisedAt() >= churn - horizon
                    && a.raisedAt() >= calibrated.window().warmupEnd()) {
                first.merge(a.account(), a.raisedAt(), Math::min);
            }
        }
        return new LeadTimes(first.entrySet().stream()
                .map(e -> (calibrated.churnAt().get(e.getKey()) - e.getValue()) / 86_400_000.0).toList());
    }
}
