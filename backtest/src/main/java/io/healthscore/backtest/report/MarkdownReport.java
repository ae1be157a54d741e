package io.healthscore.backtest.report;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.fit.AlertThresholdFit;
import io.healthscore.backtest.fit.LevelCalibration;
import io.healthscore.backtest.fit.ModelYaml;
import io.healthscore.backtest.fit.WeightFit;
import io.healthscore.backtest.input.LogOrder;
import io.healthscore.backtest.mapping.MappingStats;
import io.healthscore.backtest.metrics.AlertQuality;
import io.healthscore.backtest.metrics.ComponentQuality;
import io.healthscore.backtest.metrics.ExpansionQuality;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import io.healthscore.backtest.metrics.LeadTimes;
import io.healthscore.backtest.metrics.LevelChurnRates;
import io.healthscore.backtest.replay.LogReplay;
import io.healthscore.scoring.model.LevelThresholds;
import io.healthscore.scoring.model.RiskCalibration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Writes a {@link BacktestReport} as report.md: the headline first, then each measure with its definition. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static void write(BacktestReport report, Path file) throws IOException {
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    public static String render(BacktestReport r) {
        StringBuilder md = new StringBuilder();
        LogReplay.Result replay = r.replay();
        int h = r.window().horizonDays();
        md.append("# Backtest report\n\n");
        if (!r.usable()) {
            md.append("> **This report cannot be used**: ").append(String.join("; ", r.unusable()))
                    .append(". The numbers below are what the run produced, for finding out why.\n\n");
        }
        md.append("Log `").append(r.inputs().get("events")).append("` (mapping ").append(r.inputs().get("mapping"))
                .append("), model `").append(r.model().version()).append("`: ")
                .append(Format.count(replay.records())).append(" records, ")
                .append(Format.count(replay.accounts().size())).append(" accounts over ")
                .append(Format.number(r.window().logDays(), 1)).append(" days (")
                .append(time(replay.firstTime())).append(" to ").append(time(replay.lastTime())).append("), ")
                .append(Format.count(r.churnAt().size())).append(" churners (from the ").append(r.churnSource())
                .append(").\n\n");
        md.append("Replayed through the scoring topology in process (stream time, no broker) in ")
                .append(Format.number(replay.replaySeconds(), 1)).append(" s: **")
                .append(Format.count(Math.round(replay.recordsPerSecond()))).append(" records/s** (")
                .append(Format.number(replay.cpuSeconds(), 1)).append(" s of CPU on the replay's threads, ")
                .append(Format.count(Math.round(replay.records() / replay.cpuSeconds()))).append(" records per CPU-second; ")
                .append(Format.count(replay.inputs())).append(" topology inputs; ")
                .append(Format.count(replay.observations().scoresPublished())).append(" scores, ")
                .append(Format.count(replay.observations().alerts().size())).append(" alerts, ")
                .append(Format.count(replay.observations().deadLetterCount())).append(" dead letters).\n\n");
        r.notes().forEach(note -> md.append("> ").append(note).append("\n\n"));
        headline(md, r, h);
        scoreSection(md, r);
        levelSection(md, r, h);
        componentSection(md, r);
        alertSection(md, r, h);
        expansionSection(md, r, h);
        if (r.fit() != null) {
            fitSection(md, r);
        }
        if (r.calibration() != null) {
            calibrationSection(md, r);
        }
        if (r.alertFit() != null) {
            alertFitSection(md, r, r.alertFit(), "decline", "at each midnight after the warm-up");
        }
        if (r.riskRiseFit() != null) {
            alertFitSection(md, r, r.riskRiseFit(), "calibrated risk (where it rose by at least "
                    + Format.number(r.model().alerts().riskRise().minRise(), 2) + " in "
                    + r.model().alerts().riskRise().windowDays() + " days; the proposed weights' score through the "
                    + "proposed calibration)", "at each midnight after the warm-up");
        }
        mappingSection(md, r.mapping());
        replaySection(md, r);
        return md.toString();
    }

    private static void headline(StringBuilder md, BacktestReport r, int h) {
        md.append("## Headline\n\n| measure | value |\n|---|---|\n");
        r.scoreAuc().forEach((k, v) -> md.append("| AUC of the score ").append(k).append(" days before churn | **")
                .append(Format.auc(v.auc().auc())).append("** (").append(v.churnersMeasured()).append(" churners) |\n"));
        md.append("| AUC of the score on any day, churn within ").append(h).append(" days | ")
                .append(Format.auc(r.anyDayAuc().auc())).append(" |\n");
        md.append("| Churn within ").append(h).append(" days by level Lv1 / Lv2 / Lv3 / Lv4 | ");
        StringBuilder rates = new StringBuilder();
        for (LevelChurnRates.LevelRate rate : r.levels().levels()) {
            rates.append(rates.isEmpty() ? "" : " / ").append(Format.percent(rate.rate()));
        }
        md.append(rates).append(r.levels().monotonic() ? " (falls monotonically)" : " (**not monotonic**)").append(" |\n");
        AlertQuality.Result a = r.alerts();
        md.append("| Alert precision (churn within ").append(h).append(" days) | ")
                .append(Format.percent(a.overall().precision())).append(" (base rate ")
                .append(Format.percent(a.baseRate())).append(") |\n");
        md.append("| Alert recall (churners warned within ").append(h).append(" days before) | ")
                .append(Format.percent(a.recall())).append(" (").append(a.warned()).append(" of ").append(a.churners())
                .append("; IMMINENT only ").append(Format.percent(a.recallImminent())).append(") |\n");
        md.append("| Median lead time, first alert to churn | ").append(Format.days(a.medianLeadDays()))
                .append(" days |\n");
        md.append("| Churners without any alert before churning | ").append(a.withoutAnyAlert()).append(" of ")
                .append(a.churners()).append(" |\n");
        if (r.fit() != null) {
            md.append("| Held-out AUC, default → fitted weights | ").append(Format.auc(r.fit().heldOutDefault().auc()))
                    .append(" → **").append(Format.auc(r.fit().heldOutFitted().auc())).append("** |\n");
        }
        md.append('\n');
    }

    private static void scoreSection(StringBuilder md, BacktestReport r) {
        md.append("## The score before churn\n\n");
        md.append("Each churner is taken at the last UTC midnight at least k days before it churned; every account that "
                + "never churned is taken at the same midnights (weighted so each churner's midnight counts once per churner). "
                + "AUC = the chance that a churner scored below a non-churner (0.5 = chance, 1 = perfect).\n\n");
        md.append("| k | AUC | churners measured | non-churner samples | churners not measured (warm-up, no score) |\n|---|---|---|---|---|\n");
        for (LeadTimeAuc.Result v : r.scoreAuc().values()) {
            md.append("| ").append(v.leadDays()).append(" | ").append(Format.auc(v.auc().auc())).append(" | ")
                    .append(v.churnersMeasured()).append(" | ").append(Format.count(v.auc().negatives())).append(" | ")
                    .append(v.churnersNotMeasured()).append(" |\n");
        }
        chart(md, r, "roc.png", "ROC curves");
    }

    private static void levelSection(StringBuilder md, BacktestReport r, int h) {
        md.append("## Churn rate per level\n\n");
        md.append("Over every (account, midnight) after the warm-up at which the account was a customer with a score "
                + "(").append(Format.count(r.samples())).append(" samples; base rate ").append(Format.percent(r.baseRate()))
                .append("): the share that churned within ").append(h).append(" days.\n\n");
        md.append(levelBasis(r.model().levels())).append("\n\n");
        md.append("| level | samples | share | churned within ").append(h).append(" days | rate |\n|---|---|---|---|---|\n");
        long all = r.levels().levels().stream().mapToLong(LevelChurnRates.LevelRate::samples).sum();
        for (LevelChurnRates.LevelRate rate : r.levels().levels()) {
            md.append("| ").append(rate.level()).append(" | ").append(Format.count(rate.samples())).append(" | ")
                    .append(Format.percent(all == 0 ? Double.NaN : rate.samples() / (double) all)).append(" | ")
                    .append(Format.count(rate.churned())).append(" | ").append(Format.percent(rate.rate())).append(" |\n");
        }
        md.append("\n").append(r.levels().monotonic() ? "The rate falls monotonically from Lv1 to Lv4."
                : "**The rate does not fall monotonically from Lv1 to Lv4**: the levels do not order risk here.").append('\n');
        chart(md, r, "churn-by-level.png", "Churn rate per level");
    }

    /** What the levels of a model mean, in words: calibrated risk bands, or uncalibrated score bands. */
    static String levelBasis(LevelThresholds l) {
        String bounds = Format.number(l.lv2(), 2) + " / " + Format.number(l.lv3(), 2) + " / " + Format.number(l.lv4(), 2);
        RiskCalibration c = l.calibration();
        if (c == null) {
            return "Levels: **uncalibrated** score bands (Lv2 / Lv3 / Lv4 from " + bounds + ", hysteresis "
                    + Format.number(l.hysteresis(), 1) + "); they state no churn risk.";
        }
        return "Levels: **calibrated** to churn within " + c.horizonDays() + " days (Lv1 ≥ " + Format.percent(c.lv1MinRisk())
                + ", Lv2 " + Format.percent(c.lv2MinRisk()) + "–" + Format.percent(c.lv1MinRisk()) + ", Lv3 "
                + Format.percent(c.lv3MinRisk()) + "–" + Format.percent(c.lv2MinRisk()) + ", Lv4 < "
                + Format.percent(c.lv3MinRisk()) + "), boundaries " + bounds + ", hysteresis "
                + Format.number(l.hysteresis(), 1) + (c.fittedOn().isEmpty() ? "" : "; fitted on " + c.fittedOn()) + ".";
    }

    private static void calibrationSection(StringBuilder md, BacktestReport r) {
        LevelCalibration.Result c = r.calibration();
        int h = r.window().horizonDays();
        md.append("## Risk-calibrated levels (proposed)\n\n");
        if (!c.calibrated()) {
            md.append("**Not calibrated**: ").append(c.uncalibratedBecause())
                    .append(". The proposed model keeps the uncalibrated score bands.\n\n");
            return;
        }
        md.append("Isotonic regression (pool-adjacent-violators) of churn within ").append(h)
                .append(" days on the proposed model's score over ").append(Format.count(c.samples()))
                .append(" samples; each level's boundary is where the fitted risk falls below its band. "
                        + "Share and churn rate are counted on the same samples by these boundaries (in-sample, "
                        + "without hysteresis); run the backtest with `--model ").append(r.proposedModel())
                .append("` for the levels as the topology assigns them.\n\n");
        md.append(levelBasis(c.levels())).append("\n\n");
        md.append("| level | score from | to | risk band | samples | share | churned | observed rate |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (LevelCalibration.LevelShare s : c.shares()) {
            md.append("| ").append(s.level()).append(" | ").append(Format.number(s.fromScore(), 2)).append(" | ")
                    .append(Format.number(s.toScore(), 2)).append(" | ").append(Format.percent(s.minRisk())).append("–")
                    .append(Format.percent(s.maxRisk())).append(" | ").append(Format.count(s.samples())).append(" | ")
                    .append(Format.percent(s.samples() / (double) c.samples())).append(" | ")
                    .append(Format.count(s.churned())).append(" | ").append(Format.percent(s.rate())).append(" |\n");
        }
        md.append("\nCalibration table (").append(c.calibration().table().size()).append(" points):\n\n| score | risk |\n|---|---|\n");
        for (RiskCalibration.Point p : c.calibration().table()) {
            md.append("| ").append(Format.number(p.score(), 2)).append(" | ").append(Format.percent(p.risk())).append(" |\n");
        }
        md.append('\n');
    }

    private static void componentSection(StringBuilder md, BacktestReport r) {
        md.append("## Components\n\n");
        md.append("Each component alone: coverage = share of samples with data; AUCs as above; correlation with "
                + "retention (positive = higher values go with staying).\n\n| component | weight | coverage | any-day AUC |");
        r.scoreAuc().keySet().forEach(k -> md.append(" AUC ").append(k).append("d |"));
        md.append(" correlation |\n|---|---|---|---|");
        r.scoreAuc().keySet().forEach(k -> md.append("---|"));
        md.append("---|\n");
        for (ComponentQuality.Result c : r.components()) {
            md.append("| ").append(ModelYaml.yamlName(c.component())).append(" | ")
                    .append(Format.number(r.model().weights().getOrDefault(c.component(), 0.0), 2)).append(" | ")
                    .append(Format.percent(c.coverage())).append(" | ").append(Format.auc(c.anyDayAuc().auc())).append(" |");
            c.leadAuc().values().forEach(v -> md.append(' ').append(Format.auc(v.auc().auc())).append(" |"));
            md.append(' ').append(Format.number(c.retentionCorrelation(), 3)).append(" |\n");
        }
        md.append('\n');
    }

    private static void alertSection(StringBuilder md, BacktestReport r, int h) {
        AlertQuality.Result a = r.alerts();
        md.append("## Alerts\n\n");
        md.append("Precision: of the alerts raised after the warm-up and before their account churned, the share whose "
                + "account churned within ").append(h).append(" days (alerts too close to the end of the log to tell are "
                + "left out). Recall: churners with an alert in the ").append(h).append(" days before churning. Alerts "
                + "after an account had churned: ").append(Format.count(a.alertsAfterChurn()))
                .append(" (not counted); in the warm-up: ").append(Format.count(a.alertsInWarmup())).append(".\n\n");
        md.append("| rule | severity | alerts | followed by churn | precision | not yet known | churners warned "
                + "| median lead (days) | p25–p75 |\n|---|---|---|---|---|---|---|---|---|\n");
        for (AlertQuality.Precision p : a.byRuleAndSeverity()) {
            String[] parts = p.group().split(" ");
            md.append("| ").append(parts[0]).append(" | ").append(parts[1]).append(" | ").append(Format.count(p.alerts()))
                    .append(" | ").append(Format.count(p.hits())).append(" | ").append(Format.percent(p.precision()))
                    .append(" | ").append(Format.count(p.unknown())).append(" | ").append(p.leads().count())
                    .append(" | ").append(Format.days(p.leads().median())).append(" | ").append(quartiles(p.leads()))
                    .append(" |\n");
        }
        AlertQuality.Precision o = a.overall();
        md.append("| **all** | | ").append(Format.count(o.alerts())).append(" | ").append(Format.count(o.hits()))
                .append(" | **").append(Format.percent(o.precision())).append("** | ").append(Format.count(o.unknown()))
                .append(" | ").append(o.leads().count()).append(" | ").append(Format.days(o.leads().median()))
                .append(" | ").append(quartiles(o.leads())).append(" |\n\n");
        md.append("What each rule's alerts have meant on this log:\n\n");
        a.byRuleAndSeverity().forEach(p -> md.append("- ").append(evidence(p, h)).append('\n'));
        md.append('\n');
        md.append("Churners after the warm-up: ").append(a.churners()).append("; warned: ").append(a.warned())
                .append(" (recall ").append(Format.percent(a.recall())).append("); median lead time ")
                .append(Format.days(a.medianLeadDays())).append(" days; without any alert before churning: ")
                .append(a.withoutAnyAlert()).append(".\n");
        chart(md, r, "lead-time.png", "Lead time from first alert to churn");
    }

    private static void expansionSection(StringBuilder md, BacktestReport r, int h) {
        ExpansionQuality.Result e = r.expansion();
        md.append("## Expansion signal\n\n");
        md.append("Signals fired after the warm-up and before their account churned: ").append(Format.count(e.signalsFired()))
                .append(" (in the warm-up: ").append(Format.count(e.signalsInWarmup())).append(", after churn: ")
                .append(Format.count(e.signalsAfterChurn())).append("; upgrade records in the log: ")
                .append(Format.count(e.upgradeRecords())).append(").\n\n");
        if (!e.measured()) {
            md.append("**Not measured**: ").append(e.notMeasuredBecause()).append(".\n\n");
            return;
        }
        md.append("Precision: of those signals, the share whose account upgraded within ").append(h)
                .append(" days (signals too close to the end of the log to tell are left out), against the base rate: "
                        + "the share of scored account-days followed by an upgrade within ").append(h)
                .append(" days. Recall: accounts that upgraded after the warm-up with a signal in the ").append(h)
                .append(" days before their first upgrade. Lead = upgrade − first such signal.\n\n");
        md.append("| kind | signals | followed by an upgrade | precision | not yet known |\n|---|---|---|---|---|\n");
        for (ExpansionQuality.Precision p : e.byKind()) {
            md.append("| ").append(p.group()).append(" | ").append(Format.count(p.signals())).append(" | ")
                    .append(Format.count(p.followed())).append(" | ").append(percent(p.precision())).append(" | ")
                    .append(Format.count(p.unknown())).append(" |\n");
        }
        ExpansionQuality.Precision o = e.overall();
        md.append("| **all** | ").append(Format.count(o.signals())).append(" | ").append(Format.count(o.followed()))
                .append(" | **").append(percent(o.precision())).append("** | ").append(Format.count(o.unknown()))
                .append(" |\n\n");
        md.append("Base rate: ").append(percent(e.baseRate())).append(" of ").append(Format.count(e.samples()))
                .append(" account-days").append(e.lift() == null ? "" : " (precision " + Format.number(e.lift(), 1)
                        + "× the base rate)").append(". Upgraders after the warm-up: ").append(e.upgraders())
                .append("; signalled before upgrading: ").append(e.signalledUpgraders()).append(" (recall ")
                .append(percent(e.recall())).append("); median lead ")
                .append(e.medianLeadDays() == null ? "n/a" : Format.days(e.medianLeadDays()))
                .append(" days.\n\n");
    }

    private static String percent(Double share) {
        return share == null ? "n/a" : Format.percent(share);
    }

    /**
     * The sentence that states a group's evidence: "USAGE_DECLINE SUSPECTED fires a median 18.5 days before churn
     * (p25 12.0, p75 24.5, 40 churners), 61.0% of its firings are followed by churn within 30 days".
     */
    public static String evidence(AlertQuality.Precision p, int horizonDays) {
        String lead = p.leads().count() == 0 ? p.group() + " warned no churner in the " + horizonDays
                + " days before it churned"
                : p.group() + " fires a median " + Format.days(p.leads().median()) + " days before churn (p25 "
                        + Format.days(p.leads().p25()) + ", p75 " + Format.days(p.leads().p75()) + ", "
                        + p.leads().count() + (p.leads().count() == 1 ? " churner)" : " churners)");
        String precision = p.alerts() == 0 ? "none of its firings can be judged yet (too close to the end of the log)"
                : Format.percent(p.precision()) + " of its firings are followed by churn within " + horizonDays
                        + " days (" + Format.count(p.hits()) + " of " + Format.count(p.alerts()) + ")";
        return lead + ", " + precision + ".";
    }

    private static String quartiles(LeadTimes leads) {
        return leads.count() == 0 ? "n/a" : Format.days(leads.p25()) + "–" + Format.days(leads.p75());
    }

    private static void alertFitSection(StringBuilder md, BacktestReport r, AlertThresholdFit.Result f, String measure,
                                        String when) {
        int h = r.window().horizonDays();
        md.append("## ").append(f.rule()).append(" thresholds\n\n");
        md.append("The rule re-run on every account's ").append(measure).append(' ').append(when)
                .append(" (at most one firing per cooldown): precision = firings followed by churn within ").append(h)
                .append(" days; lead = median over churners of churn − first firing in the ").append(h).append(" days before it. Targets: SUSPECTED ")
                .append(Format.percent(f.suspectedTarget())).append(", IMMINENT ").append(Format.percent(f.imminentTarget()))
                .append(" precision, with the longest median lead.\n\n");
        if (f.windowsTried().size() > 1) {
            md.append("Windows tried (days in each of the two windows compared; the longest median lead at the target "
                    + "wins):\n\n| window | suspected | precision | churners warned | median lead (days) |\n"
                    + "|---|---|---|---|---|\n");
            for (AlertThresholdFit.Result w : f.windowsTried()) {
                md.append("| ").append(w.windowDays()).append(w.windowDays() == f.windowDays() ? " (proposed)" : "");
                if (w.fitted()) {
                    md.append(" | ").append(Format.number(w.proposedSuspected(), 2)).append(" | ")
                            .append(Format.percent(w.suspected().precision())).append(" | ")
                            .append(w.suspected().leads().count()).append(" | ")
                            .append(Format.days(w.suspected().leads().median())).append(" |\n");
                } else {
                    md.append(" | not tuned: ").append(w.notFittedBecause()).append(" | | | |\n");
                }
            }
            md.append("\nThe thresholds below are those of the ").append(f.windowDays()).append("-day window.\n\n");
        }
        if (f.fitted()) {
            md.append("Proposed: suspected **").append(Format.number(f.proposedSuspected(), 2))
                    .append("**, imminent **").append(Format.number(f.proposedImminent(), 2)).append("**.\n\n");
        } else {
            md.append("Not tuned: ").append(f.notFittedBecause()).append(". The proposed model keeps suspected ")
                    .append(Format.number(f.proposedSuspected(), 2)).append(", imminent ")
                    .append(Format.number(f.proposedImminent(), 2)).append(".\n\n");
        }
        md.append("| threshold | firings judged | followed by churn | precision | churners warned | median lead (days) "
                + "| p25–p75 |\n|---|---|---|---|---|---|---|\n");
        for (AlertThresholdFit.Candidate c : f.candidates()) {
            md.append("| ").append(Format.number(c.threshold(), 2)).append(" | ").append(Format.count(c.judged()))
                    .append(" | ").append(Format.count(c.hits())).append(" | ").append(Format.percent(c.precision()))
                    .append(" | ").append(c.leads().count()).append(" | ").append(Format.days(c.leads().median()))
                    .append(" | ").append(quartiles(c.leads())).append(" |\n");
        }
        md.append('\n');
    }

    private static void fitSection(StringBuilder md, BacktestReport r) {
        WeightFit.Result f = r.fit();
        md.append("## Fitted weights\n\n");
        md.append("Logistic regression of churn within ").append(r.window().horizonDays())
                .append(" days on the component values (L2 penalty ").append(f.lambda())
                .append(" chosen by cross-validation by account; health coefficients kept ≤ 0). Weight = −coefficient, "
                        + "scaled so the fitted components share the default weight they had together. ");
        if (!f.keptDefault().isEmpty()) {
            md.append("Kept at the default (too little data in this log): ");
            md.append(String.join(", ", f.keptDefault().stream().map(ModelYaml::yamlName).toList())).append(". ");
        }
        if (!f.signalFound()) {
            md.append("**No component predicted churn: the default weights are proposed unchanged.** ");
        }
        md.append("Proposed model: `").append(r.proposedModel()).append("`.\n\n");
        md.append("| component | default weight | coefficient | proposed weight |\n|---|---|---|---|\n");
        for (ScoreComponent c : ScoreComponent.values()) {
            Double coefficient = f.coefficients().get(c);
            md.append("| ").append(ModelYaml.yamlName(c)).append(" | ").append(Format.number(f.defaultWeights().get(c), 3))
                    .append(" | ").append(coefficient == null ? "(kept)" : Format.number(coefficient, 3)).append(" | ")
                    .append(Format.number(f.proposedWeights().get(c), 3)).append(" |\n");
        }
        md.append("\nOn held-out accounts (each scored with weights fitted without it; ").append(WeightFit.FOLDS)
                .append("-fold):\n\n| measure | default | fitted |\n|---|---|---|\n");
        md.append("| any-day AUC (churn within ").append(r.window().horizonDays()).append(" days) | ")
                .append(Format.auc(f.heldOutDefault().auc())).append(" | ").append(Format.auc(f.heldOutFitted().auc()))
                .append(" |\n");
        f.leadDefault().forEach((k, v) -> md.append("| AUC ").append(k).append(" days before churn | ")
                .append(Format.auc(v.auc().auc())).append(" | ").append(Format.auc(f.leadFitted().get(k).auc().auc()))
                .append(" |\n"));
        md.append("\n| fold | accounts | samples | penalty | default AUC | fitted AUC |\n|---|---|---|---|---|---|\n");
        for (WeightFit.Fold fold : f.folds()) {
            md.append("| ").append(fold.fold() + 1).append(" | ").append(fold.accounts()).append(" | ")
                    .append(Format.count(fold.samples())).append(" | ").append(fold.lambda()).append(" | ")
                    .append(Format.auc(fold.defaultAuc())).append(" | ").append(Format.auc(fold.fittedAuc())).append(" |\n");
        }
        md.append("\nScores, levels and alerts under the proposed weights: run the backtest again with `--model ")
                .append(r.proposedModel()).append("`.\n");
        chart(md, r, "weights.png", "Default and fitted weights");
    }

    private static void mappingSection(StringBuilder md, MappingStats m) {
        md.append("## Mapping\n\n");
        md.append(Format.count(m.records())).append(" records: ").append(Format.count(m.usageEvents()))
                .append(" usage events (").append(Format.count(m.sessionLogins())).append(" of them session logins), ")
                .append(Format.count(m.signals())).append(" signals, ").append(Format.count(m.profileUpdates()))
                .append(" profile updates, ").append(Format.count(m.churnRecords())).append(" churn records, ")
                .append(Format.count(m.upgradeRecords())).append(" upgrade records, ")
                .append(Format.count(m.withoutAccount())).append(" without an account key, **")
                .append(Format.count(m.unmatched())).append(" matched no rule**, ")
                .append(Format.count(m.problemCount())).append(" could not be mapped.\n\n");
        md.append("| rule | records |\n|---|---|\n");
        m.perRule().forEach((rule, n) -> md.append("| ").append(rule).append(" | ").append(Format.count(n)).append(" |\n"));
        if (m.unmatched() > 0) {
            md.append("\nRecords that matched no rule (most frequent first):\n\n| record | count |\n|---|---|\n");
            for (Map.Entry<String, Long> e : m.topUnmatched(20)) {
                md.append("| `").append(e.getKey()).append("` | ").append(Format.count(e.getValue())).append(" |\n");
            }
        }
        if (!m.problems().isEmpty()) {
            md.append("\nRecords that could not be mapped:\n\n");
            m.problems().forEach((kind, p) -> {
                md.append("- ").append(kind).append(": ").append(Format.count(p.count())).append('\n');
                p.examples().forEach(ex -> md.append("  - `").append(ex).append("`\n"));
            });
        }
        md.append('\n');
    }

    private static void replaySection(StringBuilder md, BacktestReport r) {
        md.append("## Replay\n\n");
        md.append("Punctuator every ").append(r.replaySettings().evaluationInterval()).append(" of log time, ")
                .append(r.replaySettings().evaluationSliceSize()).append(" accounts per run; every evaluation is observed "
                        + "(the model's emitStep only decides which evaluations are published). Warm-up ")
                .append(r.window().warmupDays()).append(" days, horizon ").append(r.window().horizonDays())
                .append(" days. Level transitions: ").append(r.replay().observations().transitionsDown())
                .append(" down, ").append(r.replay().observations().transitionsUp()).append(" up.\n");
        LogOrder order = r.replay().order();
        md.append("\n").append(order.sorted() ? "The log was in time order and was replayed as it is."
                : String.format(java.util.Locale.ROOT, "The log was not in time order (%s); it was sorted by event time "
                + "first (stable: records with the same time keep their file order) in %.1f s, %s.", order.describe(),
                order.sortSeconds(), order.runs() == 0 ? "in memory" : order.runs() + " runs on disk"))
                .append('\n');
        Map<String, Long> reasons = r.replay().observations().deadLettersByReason();
        if (!reasons.isEmpty()) {
            md.append("\nDead-lettered inputs by reason:\n\n");
            reasons.forEach((reason, n) -> md.append("- ").append(Format.count(n)).append(": ").append(reason).append('\n'));
        }
        if (r.outcomeAccountsWithoutEvents() > 0) {
            md.append("\nAccounts in the outcomes file without any event in the log: ")
                    .append(r.outcomeAccountsWithoutEvents()).append(" (not measured).\n");
        }
    }

    private static void chart(StringBuilder md, BacktestReport r, String file, String title) {
        if (r.charts().contains(file)) {
            md.append("\n![").append(title).append("](").append(file).append(")\n");
        }
        md.append('\n');
    }

    private static String time(long epochMillis) {
        return epochMillis == Long.MAX_VALUE || epochMillis == Long.MIN_VALUE ? "n/a"
                : Instant.ofEpochMilli(epochMillis).toString().substring(0, 10);
    }
}
