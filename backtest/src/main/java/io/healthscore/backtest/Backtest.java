package io.healthscore.backtest;

import io.healthscore.backtest.fit.AlertThresholdFit;
import io.healthscore.backtest.fit.LevelCalibration;
import io.healthscore.backtest.fit.ModelYaml;
import io.healthscore.backtest.fit.RiskRiseMeasure;
import io.healthscore.backtest.fit.WeightFit;
import io.healthscore.backtest.input.OutcomesReader;
import io.healthscore.backtest.mapping.EventMapping;
import io.healthscore.backtest.mapping.MappingLoader;
import io.healthscore.backtest.metrics.AlertQuality;
import io.healthscore.backtest.metrics.Auc;
import io.healthscore.backtest.metrics.ComponentQuality;
import io.healthscore.backtest.metrics.DayValue;
import io.healthscore.backtest.metrics.EvaluationWindow;
import io.healthscore.backtest.metrics.ExpansionQuality;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import io.healthscore.backtest.metrics.LevelChurnRates;
import io.healthscore.backtest.metrics.Snapshot;
import io.healthscore.backtest.metrics.SnapshotSet;
import io.healthscore.backtest.replay.AccountTimeline;
import io.healthscore.backtest.replay.LogReplay;
import io.healthscore.backtest.report.BacktestReport;
import io.healthscore.backtest.report.Charts;
import io.healthscore.backtest.report.JsonReport;
import io.healthscore.backtest.report.MarkdownReport;
import io.healthscore.scoring.model.RiskCalibration;
import io.healthscore.scoring.model.RiskRiseThresholds;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A whole backtest: load the mapping and model, replay the log through the scoring topology, find who churned,
 * measure the score, levels, components and alerts against it (and the expansion signal against upgrades, where
 * the log carries them), optionally fit weights, and write report.json,
 * report.md, the charts and (with a fit) proposed-model.yml into the output directory. A run whose numbers cannot be
 * used ({@link UsabilityCheck}) still writes its report, marked as unusable, and says why in
 * {@link BacktestReport#unusable()}.
 */
public final class Backtest {

    public static final String DEFAULT_MODEL_RESOURCE = "scoring-model.yml";

    private Backtest() {
    }

    public static BacktestReport run(BacktestOptions options, Consumer<String> progress) throws IOException {
        EventMapping mapping = options.mapping() == null ? MappingLoader.loadNative() : MappingLoader.load(options.mapping());
        ScoringModel model = options.model() == null ? ScoringModelLoader.loadResource(DEFAULT_MODEL_RESOURCE)
                : ScoringModelLoader.load(options.model());
        if (mapping.churn() == null && options.outcomes() == null) {
            throw new IllegalArgumentException("no way to know who churned: the mapping " + mapping.source()
                    + " has no 'churn' rule and no --outcomes FILE was given");
        }
        if (!Files.isRegularFile(options.events())) {
            throw new IllegalArgumentException(options.events() + ": no such file");
        }
        List<String> notes = new ArrayList<>();
        OutcomesReader.Outcomes outcomes = options.outcomes() == null ? null : OutcomesReader.read(options.outcomes());
        if (outcomes != null && mapping.churn() != null) {
            notes.add("Churn is taken from the outcomes file; the mapping's churn rule only keeps churn records out of the replay.");
        }
        progress.accept("replaying " + options.events() + " with mapping " + mapping.name() + " and model "
                + model.version() + " ...");
        LogReplay.Result replay = LogReplay.run(options.events(), mapping, observed(model), options.replay(),
                options.sortUnderOut(), progress);
        if (replay.inputs() == 0) {
            throw new IllegalArgumentException(options.events() + ": no record was mapped to a scoring input ("
                    + replay.mapping().records() + " records, " + replay.mapping().unmatched() + " matched no rule, "
                    + replay.mapping().withoutAccount() + " without account, " + replay.mapping().problemCount()
                    + " could not be mapped); check the mapping's field names");
        }
        progress.accept(String.format("replayed %,d records (%,d topology inputs) in %.1f s: %,.0f records/s",
                replay.records(), replay.inputs(), replay.replaySeconds(), replay.recordsPerSecond()));
        Map<String, Long> churnAt = outcomes == null ? replay.churnFromLog() : outcomes.churnedAt();
        int outcomeAccountsWithoutEvents = 0;
        if (outcomes != null) {
            Set<String> listed = new HashSet<>(outcomes.churnedAt().keySet());
            listed.addAll(outcomes.stayed());
            listed.removeAll(replay.accounts());
            outcomeAccountsWithoutEvents = listed.size();
        }
        EvaluationWindow window = new EvaluationWindow(replay.firstTime(), replay.lastTime(), options.warmupDays(),
                options.horizonDays());
        List<Snapshot> snapshots = SnapshotSet.build(replay.observations(), churnAt, window);
        double baseRate = snapshots.isEmpty() ? Double.NaN
                : snapshots.stream().filter(Snapshot::churned).count() / (double) snapshots.size();
        Map<Integer, LeadTimeAuc.Result> scoreAuc = new LinkedHashMap<>();
        for (int k : options.leadDays()) {
            scoreAuc.put(k, LeadTimeAuc.compute(replay.observations(), churnAt, window, k, DayValue.score()));
        }
        Auc.Result anyDay = Auc.of(snapshots.stream().filter(Snapshot::churned).mapToDouble(Snapshot::score).toArray(),
                snapshots.stream().filter(s -> !s.churned()).mapToDouble(Snapshot::score).toArray());
        LevelChurnRates.Result levels = LevelChurnRates.compute(snapshots);
        List<ComponentQuality.Result> components = ComponentQuality.compute(snapshots, replay.observations(), churnAt,
                window, options.leadDays());
        Set<String> scored = replay.observations().timelines().stream().map(AccountTimeline::account)
                .collect(Collectors.toSet());
        AlertQuality.Result alerts = AlertQuality.compute(replay.observations().alerts(), churnAt, scored, window, baseRate);
        ExpansionQuality.Result expansion = ExpansionQuality.compute(replay.observations().expansions(),
                mapping.upgrade() != null, replay.upgradesFromLog(), churnAt, replay.observations().timelines(), window);

        Files.createDirectories(options.out());
        WeightFit.Result fit = null;
        LevelCalibration.Result calibration = null;
        AlertThresholdFit.Result alertFit = null;
        AlertThresholdFit.Result riskRiseFit = null;
        String proposed = null;
        if (options.fit()) {
            progress.accept("tuning the USAGE_DECLINE thresholds to " + Math.round(100
                    * AlertThresholdFit.SUSPECTED_PRECISION_TARGET) + "% precision ...");
            alertFit = AlertThresholdFit.fitDecline(replay.observations().declinesByWindow(), churnAt, window,
                    (int) model.alertCooldown().toDays(), model.alerts().usageDecline());
            if (!alertFit.fitted()) {
                notes.add("The USAGE_DECLINE thresholds were not tuned: " + alertFit.notFittedBecause()
                        + "; the proposed model keeps " + model.version() + "'s.");
            }
            try {
                progress.accept("fitting component weights ...");
                fit = WeightFit.fit(snapshots, model, replay.observations(), churnAt, window, options.leadDays(),
                        options.seed());
                ScoringModel fitted = model.withWeights(fit.proposedWeights());
                progress.accept("calibrating levels to churn risk ...");
                calibration = LevelCalibration.fit(snapshots, fitted, options.horizonDays(),
                        RiskCalibration.DEFAULT_BANDS, options.events().getFileName() + ", model "
                                + model.version() + "-fitted");
                if (!calibration.calibrated()) {
                    notes.add("The levels were not calibrated: " + calibration.uncalibratedBecause()
                            + "; the proposed model keeps the uncalibrated score bands.");
                }
                riskRiseFit = riskRiseFit(replay, fitted, calibration, churnAt, window, model, progress);
                if (!riskRiseFit.fitted()) {
                    notes.add("The RISK_RISE thresholds were not tuned: " + riskRiseFit.notFittedBecause()
                            + "; the proposed model keeps " + model.version() + "'s.");
                }
                Path file = options.out().resolve("proposed-model.yml");
                writeProposal(model, fit, calibration, alertFit, riskRiseFit, options, file);
                proposed = file.toString();
            } catch (IllegalStateException e) {
                notes.add("No weights were fitted and no levels calibrated: " + e.getMessage() + ".");
            }
        }
        List<String> charts;
        try {
            charts = Charts.draw(scoreAuc, levels, alerts, options.horizonDays(), fit, options.out());
        } catch (IOException | RuntimeException | LinkageError e) {
            // Drawing needs fonts; a server without any still gets the numbers.
            charts = List.of();
            notes.add("Charts were not drawn: " + e);
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("events", options.events().toString());
        inputs.put("mapping", options.mapping() == null ? "native (built in)" : options.mapping().toString());
        inputs.put("outcomes", options.outcomes() == null ? "" : options.outcomes().toString());
        inputs.put("model", options.model() == null ? "default (built in)" : options.model().toString());
        BacktestReport report = new BacktestReport(Instant.now(), inputs, model, options.replay(), replay,
                replay.mapping(), new HashMap<>(churnAt), outcomes == null ? "mapping's churn rule" : "outcomes file",
                outcomeAccountsWithoutEvents, window, snapshots.size(), baseRate, scoreAuc, anyDay, levels, components,
                alerts, fit, calibration, alertFit, riskRiseFit, proposed, charts, notes, UsabilityCheck.reasons(replay.inputs(),
                replay.observations().deadLetterCount(), replay.observations().deadLettersByReason(), scored.size(),
                scoreAuc, anyDay, alerts, options.maxDeadLetterShare()), expansion);
        JsonReport.write(report, options.out().resolve("report.json"));
        MarkdownReport.write(report, options.out().resolve("report.md"));
        return report;
    }

    /**
     * The model as replayed: the same, with emitStep 0 so that every evaluation is published and observed.
     * emitStep only decides which evaluations are published; scores, levels, transitions and alerts do not
     * depend on it.
     */
    static ScoringModel observed(ScoringModel model) {
        return new ScoringModel(model.version(), model.weights(), model.segmentWeights(), model.keyFeatures(),
                model.requiredOnboardingSteps(), model.components(), model.levels(), model.alerts(),
                model.alertCooldown(), 0.0, model.expansion());
    }

    /**
     * RISK_RISE tuned on the risk the proposed model would state: the proposed weights' scores through the calibration
     * fitted on them. Under uncalibrated levels the rule is silent, so there is nothing to tune.
     */
    private static AlertThresholdFit.Result riskRiseFit(LogReplay.Result replay, ScoringModel fitted,
                                                        LevelCalibration.Result calibration, Map<String, Long> churnAt,
                                                        EvaluationWindow window, ScoringModel model,
                                                        Consumer<String> progress) {
        RiskRiseThresholds current = model.alerts().riskRise();
        int cooldown = (int) model.alertCooldown().toDays();
        if (!calibration.calibrated()) {
            return AlertThresholdFit.fit("RISK_RISE", current.windowDays(), "the levels are not calibrated, so the proposed model states no "
                            + "risk and RISK_RISE stays silent", List.of(), churnAt, window, cooldown,
                    current.suspected(), current.imminent(), AlertThresholdFit.SUSPECTED_PRECISION_TARGET,
                    AlertThresholdFit.IMMINENT_PRECISION_TARGET, AlertThresholdFit.MIN_FIRINGS);
        }
        progress.accept("tuning the RISK_RISE thresholds on the calibrated risk ...");
        return AlertThresholdFit.fitRiskRise(RiskRiseMeasure.measure(replay.observations().timelines(), fitted,
                calibration.calibration(), current), churnAt, window, cooldown, current);
    }

    private static void writeProposal(ScoringModel model, WeightFit.Result fit, LevelCalibration.Result calibration,
                                      AlertThresholdFit.Result alertFit, AlertThresholdFit.Result riskRiseFit,
                                      BacktestOptions options, Path file) throws IOException {
        ScoringModel proposed = new ScoringModel(model.version() + "-fitted", fit.proposedWeights(),
                model.segmentWeights(), model.keyFeatures(), model.requiredOnboardingSteps(), model.components(),
                calibration.levels(), model.alerts().withUsageDecline(alertFit.applyTo(model.alerts().usageDecline()))
                        .withRiskRise(riskRiseFit.applyTo(model.alerts().riskRise())), model.alertCooldown(),
                model.emitStep(), model.expansion());
        List<String> header = new ArrayList<>();
        header.add("Proposed by a backtest of " + options.events().getFileName() + " on " + Instant.now() + ".");
        header.add(String.format(java.util.Locale.ROOT,
                "Held-out AUC (churn within %d days): default %.3f, fitted %.3f.", options.horizonDays(),
                fit.heldOutDefault().auc(), fit.heldOutFitted().auc()));
        header.add("Weights fitted from the data: " + fit.fitted().stream().map(ModelYaml::yamlName).toList()
                + "; everything else is the model " + model.version() + " as it was.");
        if (!model.segmentWeights().isEmpty()) {
            header.add("Segment overrides are kept as they were; they override the fitted weights for their segments.");
        }
        if (calibration.calibrated()) {
            header.add(String.format(java.util.Locale.ROOT, "Levels calibrated to churn risk within %d days on %,d "
                    + "samples: Lv1 >= %.0f%%, Lv2 %.0f-%.0f%%, Lv3 %.0f-%.0f%%, Lv4 < %.0f%%.", options.horizonDays(),
                    calibration.samples(), 100 * RiskCalibration.DEFAULT_BANDS[0], 100 * RiskCalibration.DEFAULT_BANDS[1],
                    100 * RiskCalibration.DEFAULT_BANDS[0], 100 * RiskCalibration.DEFAULT_BANDS[2],
                    100 * RiskCalibration.DEFAULT_BANDS[1], 100 * RiskCalibration.DEFAULT_BANDS[2]));
        } else {
            header.add("Levels UNCALIBRATED (score bands as in " + model.version() + "): "
                    + calibration.uncalibratedBecause() + ".");
        }
        if (alertFit.fitted()) {
            header.add(String.format(java.util.Locale.ROOT, "USAGE_DECLINE tuned to %.0f%% / %.0f%% precision: "
                    + "windows of %d days, suspected %.2f (%.1f%%, median lead %.1f days), imminent %.2f (%.1f%%).",
                    100 * alertFit.suspectedTarget(), 100 * alertFit.imminentTarget(), alertFit.windowDays(),
                    alertFit.suspected().threshold(),
                    100 * alertFit.suspected().precision(), alertFit.suspected().leads().median(),
                    alertFit.imminent().threshold(), 100 * alertFit.imminent().precision()));
        } else {
            header.add("USAGE_DECLINE thresholds as in " + model.version() + ": " + alertFit.notFittedBecause() + ".");
        }
        if (riskRiseFit.fitted()) {
            header.add(String.format(java.util.Locale.ROOT, "RISK_RISE tuned to %.0f%% / %.0f%% precision: "
                    + "suspected %.2f (%.1f%%, median lead %.1f days), imminent %.2f (%.1f%%).",
                    100 * riskRiseFit.suspectedTarget(), 100 * riskRiseFit.imminentTarget(),
                    riskRiseFit.suspected().threshold(), 100 * riskRiseFit.suspected().precision(),
                    riskRiseFit.suspected().leads().median(), riskRiseFit.imminent().threshold(),
                    100 * riskRiseFit.imminent().precision()));
        } else {
            header.add("RISK_RISE thresholds as in " + model.version() + ": " + riskRiseFit.notFittedBecause() + ".");
        }
        Files.writeString(file, ModelYaml.write(proposed, header), StandardCharsets.UTF_8);
    }
}
