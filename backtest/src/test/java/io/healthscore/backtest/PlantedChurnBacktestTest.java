package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.fit.WeightFit;
import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.metrics.LevelChurnRates;
import io.healthscore.backtest.metrics.Snapshot;
import io.healthscore.backtest.metrics.SnapshotSet;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.report.BacktestReport;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One backtest of a generated log with known ground truth: churners whose usage declines for three to six weeks
 * before they cancel, abrupt churners, and noise accounts (temporary dips, slow decliners that stay). The metrics
 * must find the planted signal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlantedChurnBacktestTest {

    private SyntheticLog.GroundTruth truth;
    private BacktestReport report;
    private Path out;

    @BeforeAll
    void replayAGeneratedLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("planted.jsonl.gz");
        truth = new SyntheticLog(GeneratorSettings.defaults().with(120, 90_000, 100).withChurnShare(0.25).withSeed(7))
                .write(log, null);
        out = dir.resolve("report");
        report = Backtest.run(BacktestOptions.of(log, out).withFit(true)
                .withReplay(new ReplaySettings(Duration.ofHours(6), 500)), message -> { });
    }

    @Test
    void churnFoundByTheMappingIsThePlantedChurn() {
        Map<String, Long> planted = new HashMap<>();
        truth.churnedAt().forEach((account, at) -> planted.put(account, at.toEpochMilli()));

        assertThat(report.churnAt()).isEqualTo(planted);
        assertThat(report.replay().accounts()).hasSize(120);
        assertThat(report.mapping().unmatched()).isZero();
        assertThat(report.mapping().problemCount()).isZero();
        assertThat(report.replay().observations().deadLetterCount()).isZero();
        assertThat(report.mapping().records()).isEqualTo(truth.records());
    }

    @Test
    void theScoreSeparatesChurnersAndMoreSoCloserToChurn() {
        double auc7 = report.scoreAuc().get(7).auc().auc();
        double auc30 = report.scoreAuc().get(30).auc().auc();

        assertThat(auc7).isGreaterThan(0.8);
        assertThat(auc7).isGreaterThan(auc30 + 0.1);
        assertThat(report.scoreAuc().get(7).churnersMeasured()).isGreaterThan(20);
    }

    @Test
    void churnRateFallsMonotonicallyFromLevelToLevel() {
        LevelChurnRates.Result levels = report.levels();
        LevelChurnRates.LevelRate lv4 = levels.levels().get(HealthLevel.LV4.ordinal());
        LevelChurnRates.LevelRate lv2 = levels.levels().get(HealthLevel.LV2.ordinal());

        assertThat(levels.monotonic()).isTrue();
        assertThat(lv4.rate()).isLessThan(report.baseRate());
        assertThat(lv2.samples()).isPositive();
        assertThat(lv2.rate()).isGreaterThan(3 * lv4.rate());
    }

    @Test
    void alertsWarnMostChurnersAheadOfTimeAndBeatTheBaseRate() {
        var alerts = report.alerts();

        assertThat(alerts.recall()).isGreaterThan(0.7);
        assertThat(alerts.overall().precision()).isGreaterThan(2 * alerts.baseRate());
        assertThat(alerts.medianLeadDays()).isBetween(3.0, 30.0);
        assertThat(alerts.withoutAnyAlert()).isLessThanOrEqualTo(alerts.churners() / 10);
        assertThat(alerts.alertsAfterChurn()).isPositive();
    }

    @Test
    void usageComponentsForetellChurnAndPaymentNoise() {
        var byComponent = report.components().stream()
                .collect(java.util.stream.Collectors.toMap(c -> c.component(), c -> c.leadAuc().get(7).auc().auc()));

        assertThat(byComponent.get(ScoreComponent.TREND)).isGreaterThan(0.8);
        assertThat(byComponent.get(ScoreComponent.ACTIVITY)).isGreaterThan(0.8);
        assertThat(byComponent.get(ScoreComponent.PAYMENT)).isLessThan(byComponent.get(ScoreComponent.ACTIVITY));
    }

    @Test
    void theFitPutsTheMostWeightOnAUsageComponentAndStaysCloseToTheDefaultOnHeldOutAccounts() {
        WeightFit.Result fit = report.fit();
        ScoreComponent heaviest = fit.proposedWeights().entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();

        assertThat(heaviest).isIn(ScoreComponent.TREND, ScoreComponent.ACTIVITY, ScoreComponent.LOGIN_FREQUENCY);
        // The default weights already favour usage here, so the fit need not win; a broken fit (a sign error)
        // would fall far below.
        assertThat(fit.heldOutFitted().auc()).isGreaterThan(fit.heldOutDefault().auc() - 0.05);
        assertThat(fit.heldOutFitted().auc()).isGreaterThan(0.7);
        assertThat(fit.folds()).hasSize(WeightFit.FOLDS);
        assertThat(fit.proposedWeights().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, within(0.01));
    }

    @Test
    void theProposedModelLoadsWithTheFittedWeights() {
        ScoringModel proposed = ScoringModelLoader.load(Path.of(report.proposedModel()));

        assertThat(proposed.version()).isEqualTo("default-2-fitted");
        assertThat(proposed.weights()).isEqualTo(report.fit().proposedWeights());
        assertThat(proposed.keyFeatures()).isEqualTo(report.model().keyFeatures());
    }

    @Test
    void theDefaultScoreRecomputedFromItsComponentsIsThePublishedScore() {
        List<Snapshot> snapshots = SnapshotSet.build(report.replay().observations(), report.churnAt(), report.window());

        assertThat(snapshots).hasSize(report.samples());
        for (Snapshot s : snapshots.subList(0, Math.min(2_000, snapshots.size()))) {
            Map<ScoreComponent, Double> inForce = new java.util.EnumMap<>(ScoreComponent.class);
            for (ScoreComponent c : ScoreComponent.values()) {
                inForce.put(c, s.timeline().weightInForce(c));
            }
            assertThat(WeightFit.rescore(s.components(), inForce)).isCloseTo(s.score(), within(0.11));
        }
    }

    @Test
    void theReportFilesAreWritten() throws Exception {
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        String md = Files.readString(out.resolve("report.md"));

        assertThat(json.at("/scoreAuc/7d/auc").asDouble()).isEqualTo(report.scoreAuc().get(7).auc().auc(), within(1e-4));
        assertThat(json.at("/log/churners").asInt()).isEqualTo(truth.churnedAt().size());
        assertThat(json.at("/fit/heldOut/fitted/auc").isNumber()).isTrue();
        assertThat(md).contains("## Headline", "| AUC of the score 7 days before churn |", "## Fitted weights");
        assertThat(report.charts()).containsExactly("roc.png", "churn-by-level.png", "lead-time.png", "weights.png");
        for (String chart : report.charts()) {
            try (InputStream in = Files.newInputStream(out.resolve(chart))) {
                byte[] magic = in.readNBytes(4);
                assertThat(magic).containsExactly(0x89, 'P', 'N', 'G');
            }
        }
    }

    @Test
    void theFirstSampledMidnightIsAfterTheWarmUp() {
        long firstEventDay = Math.floorDiv(report.replay().firstTime(), 86_400_000L);

        assertThat(report.window().firstDay()).isEqualTo(firstEventDay + 1 + 28);
        assertThat(report.replay().observations().timelines().stream()
                .max(Comparator.comparingInt(t -> t.days())).orElseThrow().days()).isGreaterThan(90);
    }
}
