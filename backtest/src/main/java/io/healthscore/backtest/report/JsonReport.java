package io.healthscore.backtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.fit.AlertThresholdFit;
import io.healthscore.backtest.fit.LevelCalibration;
import io.healthscore.backtest.fit.ModelYaml;
import io.healthscore.backtest.fit.WeightFit;
import io.healthscore.backtest.input.LogOrder;
import io.healthscore.backtest.mapping.MappingStats;
import io.healthscore.backtest.metrics.AlertQuality;
import io.healthscore.backtest.metrics.Auc;
import io.healthscore.backtest.metrics.ComponentQuality;
import io.healthscore.backtest.metrics.ExpansionQuality;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import io.healthscore.backtest.metrics.LevelChurnRates;
import io.healthscore.backtest.replay.LogReplay;
import io.healthscore.scoring.model.LevelThresholds;
import io.healthscore.scoring.model.RiskCalibration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Writes a {@link BacktestReport} as report.json (numbers unrounded but to 4 decimals; NaN as null). */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static void write(BacktestReport report, Path file) throws IOException {
        JSON.writeValue(file.toFile(), tree(report));
    }

    public static ObjectNode tree(BacktestReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", r.generatedAt().toString());
        root.put("usable", r.usable());
        ArrayNode unusable = root.putArray("unusableBecause");
        r.unusable().forEach(unusable::add);
        ObjectNode inputs = root.putObject("inputs");
        r.inputs().forEach(inputs::put);
        inputs.put("modelVersion", r.model().version());
        root.set("log", log(r));
        root.set("mapping", mapping(r.mapping()));
        root.set("replay", replay(r));
        ObjectNode window = root.putObject("evaluation");
        window.put("warmupDays", r.window().warmupDays());
        window.put("horizonDays", r.window().horizonDays());
        window.put("firstMidnight", Instant.ofEpochMilli(r.window().warmupEnd()).toString());
        window.put("lastMidnight", Instant.ofEpochMilli(r.window().lastDay() * 86_400_000L).toString());
        window.put("samples", r.samples());
        window.put("baseRate", Format.json(r.baseRate()));
        ObjectNode scoreAuc = root.putObject("scoreAuc");
        r.scoreAuc().forEach((k, v) -> scoreAuc.set(k + "d", lead(v, true)));
        root.set("anyDayAuc", auc(r.anyDayAuc(), true));
        ObjectNode levelNode = levels(r.levels());
        levelNode.set("model", levelBasis(r.model().levels()));
        root.set("levels", levelNode);
        ArrayNode components = root.putArray("components");
        for (ComponentQuality.Result c : r.components()) {
            ObjectNode node = components.addObject();
            node.put("component", c.component().name());
            node.put("weight", r.model().weights().getOrDefault(c.component(), 0.0));
            node.put("coverage", Format.json(c.coverage()));
            node.put("anyDayAuc", Format.json(c.anyDayAuc().auc()));
            c.leadAuc().forEach((k, v) -> node.put("auc" + k + "d", Format.json(v.auc().auc())));
            node.put("retentionCorrelation", Format.json(c.retentionCorrelation()));
        }
        root.set("alerts", alerts(r.alerts()));
        root.set("expansion", expansion(r.expansion()));
        if (r.fit() != null) {
            root.set("fit", fit(r.fit(), r.proposedModel()));
        }
        if (r.calibration() != null) {
            root.set("calibration", calibration(r.calibration()));
        }
        if (r.alertFit() != null) {
            ObjectNode decline = alertFit(r.alertFit());
            ((ObjectNode) decline.get("proposed")).put("windowDays", r.alertFit().windowDays())
                    .put("minUserDays", r.model().alerts().usageDecline().minUserDays());
            ArrayNode windows = decline.putArray("windowsTried");
            for (AlertThresholdFit.Result w : r.alertFit().windowsTried()) {
                ObjectNode n = windows.addObject().put("windowDays", w.windowDays()).put("fitted", w.fitted());
                if (w.fitted()) {
                    n.put("suspected", w.proposedSuspected()).put("precision", Format.json(w.suspected().precision()))
                            .put("medianLeadDays", Format.json(w.suspected().leads().median()))
                            .put("churnersWarned", w.suspected().leads().count());
                } else {
                    n.put("notFittedBecause", w.notFittedBecause());
                }
            }
            root.set("usageDeclineFit", decline);
        }
        if (r.riskRiseFit() != null) {
            ObjectNode rise = alertFit(r.riskRiseFit());
            ((ObjectNode) rise.get("proposed")).put("windowDays", r.model().alerts().riskRise().windowDays())
                    .put("minRise", r.model().alerts().riskRise().minRise());
            root.set("riskRiseFit", rise);
        }
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        ArrayNode charts = root.putArray("charts");
        r.charts().forEach(charts::add);
        return root;
    }

    private static ObjectNode log(BacktestReport r) {
        LogReplay.Result replay = r.replay();
        ObjectNode log = JSON.createObjectNode();
        log.put("records", replay.records());
        log.put("accounts", replay.accounts().size());
        log.put("scoredAccounts", replay.observations().timelines().size());
        log.put("firstEvent", replay.firstTime() == Long.MAX_VALUE ? null : Instant.ofEpochMilli(replay.firstTime()).toString());
        log.put("lastEvent", replay.lastTime() == Long.MIN_VALUE ? null : Instant.ofEpochMilli(replay.lastTime()).toString());
        log.put("days", Format.json(r.window().logDays()));
        log.put("churners", r.churnAt().size());
        log.put("churnSource", r.churnSource());
        log.put("outcomeAccountsWithoutEvents", r.outcomeAccountsWithoutEvents());
        return log;
    }

    private static ObjectNode mapping(MappingStats m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("records", m.records());
        node.put("withoutAccount", m.withoutAccount());
        node.put("churnRecords", m.churnRecords());
        node.put("upgradeRecords", m.upgradeRecords());
        node.put("profileUpdates", m.profileUpdates());
        node.put("sessionLogins", m.sessionLogins());
        node.put("usageEvents", m.usageEvents());
        node.put("signals", m.signals());
        ObjectNode rules = node.putObject("perRule");
        m.perRule().forEach(rules::put);
        node.put("unmatched", m.unmatched());
        ArrayNode unmatched = node.putArray("topUnmatched");
        for (Map.Entry<String, Long> e : m.topUnmatched(20)) {
            unmatched.addObject().put("record", e.getKey()).put("count", e.getValue());
        }
        ObjectNode problems = node.putObject("problems");
        m.problems().forEach((kind, p) -> {
            ObjectNode pn = problems.putObject(kind);
            pn.put("count", p.count());
            ArrayNode ex = pn.putArray("examples");
            p.examples().forEach(ex::add);
        });
        return node;
    }

    private static ObjectNode replay(BacktestReport r) {
        LogReplay.Result replay = r.replay();
        ObjectNode node = JSON.createObjectNode();
        node.put("inputs", replay.inputs());
        node.put("seconds", Format.json(replay.replaySeconds()));
        node.put("recordsPerSecond", Math.round(replay.recordsPerSecond()));
        node.put("cpuSeconds", Format.json(replay.cpuSeconds()));
        node.put("inputsPerSecond", Math.round(replay.replaySeconds() <= 0 ? 0 : replay.inputs() / replay.replaySeconds()));
        node.put("evaluationInterval", r.replaySettings().evaluationInterval().toString());
        node.put("evaluationSliceSize", r.replaySettings().evaluationSliceSize());
        node.put("scoresPublished", replay.observations().scoresPublished());
        node.put("alerts", replay.observations().alerts().size());
        node.put("levelTransitionsDown", replay.observations().transitionsDown());
        node.put("levelTransitionsUp", replay.observations().transitionsUp());
        node.put("deadLetters", replay.observations().deadLetterCount());
        ObjectNode reasons = node.putObject("deadLettersByReason");
        replay.observations().deadLettersByReason().forEach(reasons::put);
        node.set("order", order(replay.order()));
        return node;
    }

    private static ObjectNode order(LogOrder o) {
        ObjectNode node = JSON.createObjectNode();
        node.put("inTimeOrder", o.sorted());
        node.put("lines", o.lines());
        node.put("outOfOrder", o.outOfOrder());
        if (!o.sorted()) {
            node.put("largestBackwardsJumpMillis", o.largestJumpMillis());
            node.put("largestBackwardsJumpLine", o.jumpLine());
            node.put("sortedRuns", o.runs());
            node.put("sortMemoryBytes", o.sortMemory());
            node.put("sortSeconds", Format.json(o.sortSeconds()));
        }
        node.put("checkSeconds", Format.json(o.checkSeconds()));
        return node;
    }

    private static ObjectNode lead(LeadTimeAuc.Result lead, boolean roc) {
        ObjectNode node = auc(lead.auc(), roc);
        node.put("churnersNotMeasured", lead.churnersNotMeasured());
        return node;
    }

    private static ObjectNode auc(Auc.Result auc, boolean roc) {
        ObjectNode node = JSON.createObjectNode();
        node.put("auc", Format.json(auc.auc()));
        node.put("churners", auc.positives());
        node.put("nonChurnerSamples", auc.negatives());
        if (roc) {
            ArrayNode points = node.putArray("roc");
            for (Auc.RocPoint p : auc.roc()) {
                points.addArray().add(Format.json(p.falsePositiveRate())).add(Format.json(p.truePositiveRate()));
            }
        }
        return node;
    }

    private static ObjectNode levels(LevelChurnRates.Result levels) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode rates = node.putArray("rates");
        for (LevelChurnRates.LevelRate rate : levels.levels()) {
            rates.addObject().put("level", rate.level().name()).put("samples", rate.samples())
                    .put("churned", rate.churned()).put("churnRate", Format.json(rate.rate()));
        }
        node.put("monotonic", levels.monotonic());
        return node;
    }

    /** Whether the levels are calibrated, their boundaries, and the risk bands they stand for. */
    private static ObjectNode levelBasis(LevelThresholds l) {
        ObjectNode node = JSON.createObjectNode();
        node.put("calibrated", l.isCalibrated());
        node.put("basis", l.isCalibrated() ? "churn-risk bands" : "uncalibrated score bands");
        node.put("lv2", l.lv2()).put("lv3", l.lv3()).put("lv4", l.lv4()).put("hysteresis", l.hysteresis());
        RiskCalibration c = l.calibration();
        if (c != null) {
            node.put("horizonDays", c.horizonDays());
            node.putObject("riskBands").put("lv1", c.lv1MinRisk()).put("lv2", c.lv2MinRisk()).put("lv3", c.lv3MinRisk());
        }
        return node;
    }

    private static ObjectNode calibration(LevelCalibration.Result c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("calibrated", c.calibrated());
        node.put("samples", c.samples());
        if (!c.calibrated()) {
            node.put("uncalibratedBecause", c.uncalibratedBecause());
            return node;
        }
        node.set("levels", levelBasis(c.levels()));
        ArrayNode shares = node.putArray("inSample");
        for (LevelCalibration.LevelShare s : c.shares()) {
            shares.addObject().put("level", s.level().name()).put("fromScore", s.fromScore()).put("toScore", s.toScore())
                    .put("minRisk", s.minRisk()).put("maxRisk", s.maxRisk()).put("samples", s.samples())
                    .put("share", Format.json(s.samples() / (double) c.samples())).put("churned", s.churned())
                    .put("churnRate", Format.json(s.rate()));
        }
        ArrayNode table = node.putArray("table");
        for (RiskCalibration.Point p : c.calibration().table()) {
            table.addObject().put("score", p.score()).put("risk", p.risk());
        }
        return node;
    }

    private static ObjectNode alerts(AlertQuality.Result a) {
        ObjectNode node = JSON.createObjectNode();
        node.set("overall", precision(a.overall()));
        ArrayNode groups = node.putArray("byRuleAndSeverity");
        a.byRuleAndSeverity().forEach(p -> groups.add(precision(p)));
        node.put("baseRate", Format.json(a.baseRate()));
        node.put("alertsInWarmup", a.alertsInWarmup());
        node.put("alertsAfterChurn", a.alertsAfterChurn());
        node.put("churners", a.churners());
        node.put("warned", a.warned());
        node.put("recall", Format.json(a.recall()));
        node.put("recallImminent", Format.json(a.recallImminent()));
        node.put("churnersWithoutAnyAlert", a.withoutAnyAlert());
        node.put("medianLeadDays", Format.json(a.medianLeadDays()));
        ArrayNode leads = node.putArray("leadDays");
        a.leadDays().forEach(d -> leads.add(Format.json(d)));
        return node;
    }

    /** Figures the log cannot give are null, and {@code notMeasuredBecause} says why in words. */
    private static ObjectNode expansion(ExpansionQuality.Result e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("measured", e.measured());
        if (e.measured()) {
            node.putNull("notMeasuredBecause");
        } else {
            node.put("notMeasuredBecause", e.notMeasuredBecause());
        }
        node.put("signalsFired", e.signalsFired());
        node.put("signalsInWarmup", e.signalsInWarmup());
        node.put("signalsAfterChurn", e.signalsAfterChurn());
        node.put("upgradeRecords", e.upgradeRecords());
        node.set("overall", expansionPrecision(e.overall(), e.measured()));
        ArrayNode kinds = node.putArray("byKind");
        e.byKind().forEach(p -> kinds.add(expansionPrecision(p, e.measured())));
        node.put("samples", e.samples());
        node.put("baseRate", e.measured() ? rounded(e.baseRate()) : null);
        node.put("lift", e.measured() ? rounded(e.lift()) : null);
        node.put("upgraders", e.upgraders());
        node.put("upgradersSignalled", e.signalledUpgraders());
        node.put("recall", e.measured() ? rounded(e.recall()) : null);
        node.put("medianLeadDays", e.measured() ? rounded(e.medianLeadDays()) : null);
        ArrayNode leads = node.putArray("leadDays");
        e.leads().days().forEach(d -> leads.add(Format.json(d)));
        return node;
    }

    private static ObjectNode expansionPrecision(ExpansionQuality.Precision p, boolean measured) {
        return JSON.createObjectNode().put("group", p.group()).put("signals", p.signals())
                .put("followedByUpgrade", p.followed()).put("unknown", p.unknown())
                .put("precision", measured ? rounded(p.precision()) : null);
    }

    private static Double rounded(Double value) {
        return value == null ? null : Format.json(value);
    }

    private static ObjectNode alertFit(AlertThresholdFit.Result f) {
        ObjectNode node = JSON.createObjectNode();
        node.put("fitted", f.fitted());
        if (!f.fitted()) {
            node.put("notFittedBecause", f.notFittedBecause());
        }
        node.put("suspectedTarget", f.suspectedTarget()).put("imminentTarget", f.imminentTarget());
        node.put("rule", f.rule());
        node.putObject("proposed").put("suspected", f.proposedSuspected()).put("imminent", f.proposedImminent());
        ArrayNode candidates = node.putArray("candidates");
        for (AlertThresholdFit.Candidate c : f.candidates()) {
            ObjectNode n = candidates.addObject().put("threshold", c.threshold()).put("judged", c.judged())
                    .put("hits", c.hits()).put("notYetKnown", c.unknown()).put("precision", Format.json(c.precision()))
                    .put("churnersWarned", c.leads().count());
            n.put("medianLeadDays", Format.json(c.leads().median())).put("p25", Format.json(c.leads().p25()))
                    .put("p75", Format.json(c.leads().p75()));
        }
        return node;
    }

    private static ObjectNode precision(AlertQuality.Precision p) {
        ObjectNode node = JSON.createObjectNode().put("group", p.group()).put("alerts", p.alerts())
                .put("hits", p.hits()).put("precision", Format.json(p.precision())).put("notYetKnown", p.unknown());
        ObjectNode lead = node.putObject("leadDays");
        lead.put("churnersWarned", p.leads().count()).put("median", Format.json(p.leads().median()))
                .put("p25", Format.json(p.leads().p25())).put("p75", Format.json(p.leads().p75()));
        return node;
    }

    private static ObjectNode fit(WeightFit.Result f, String proposedModel) {
        ObjectNode node = JSON.createObjectNode();
        node.put("proposedModel", proposedModel);
        node.put("signalFound", f.signalFound());
        node.put("lambda", f.lambda());
        node.put("intercept", Format.json(f.intercept()));
        ArrayNode components = node.putArray("components");
        for (ScoreComponent c : ScoreComponent.values()) {
            ObjectNode cn = components.addObject().put("component", c.name()).put("yamlName", ModelYaml.yamlName(c))
                    .put("fitted", f.fitted().contains(c))
                    .put("defaultWeight", f.defaultWeights().get(c))
                    .put("proposedWeight", f.proposedWeights().get(c));
            Double coefficient = f.coefficients().get(c);
            cn.put("coefficient", coefficient == null ? null : Format.json(coefficient));
        }
        ObjectNode heldOut = node.putObject("heldOut");
        heldOut.set("default", auc(f.heldOutDefault(), false));
        heldOut.set("fitted", auc(f.heldOutFitted(), false));
        ObjectNode lead = heldOut.putObject("leadAuc");
        f.leadDefault().forEach((k, v) -> lead.putObject(k + "d").put("default", Format.json(v.auc().auc()))
                .put("fitted", Format.json(f.leadFitted().get(k).auc().auc())));
        ArrayNode folds = node.putArray("folds");
        for (WeightFit.Fold fold : f.folds()) {
            folds.addObject().put("fold", fold.fold()).put("accounts", fold.accounts()).put("samples", fold.samples())
                    .put("lambda", fold.lambda()).put("defaultAuc", Format.json(fold.defaultAuc()))
                    .put("fittedAuc", Format.json(fold.fittedAuc()));
        }
        return node;
    }
}
