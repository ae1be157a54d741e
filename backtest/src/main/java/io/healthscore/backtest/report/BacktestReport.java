package io.healthscore.backtest.report;

import io.healthscore.backtest.fit.AlertThresholdFit;
import io.healthscore.backtest.fit.LevelCalibration;
import io.healthscore.backtest.fit.WeightFit;
import io.healthscore.backtest.mapping.MappingStats;
import io.healthscore.backtest.metrics.AlertQuality;
import io.healthscore.backtest.metrics.Auc;
import io.healthscore.backtest.metrics.ComponentQuality;
import io.healthscore.backtest.metrics.EvaluationWindow;
import io.healthscore.backtest.metrics.ExpansionQuality;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import io.healthscore.backtest.metrics.LevelChurnRates;
import io.healthscore.backtest.replay.LogReplay;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.scoring.model.ScoringModel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a backtest found, as written to report.json and report.md.
 *
 * @param inputs        what was run: events file, mapping, outcomes file, model file (null = built-in)
 * @param churnSource   "mapping rule" or "outcomes file"
 * @param fit           null unless --fit
 * @param calibration   the proposed model's levels calibrated to churn risk (or why not); null unless --fit
 * @param riskRiseFit   RISK_RISE's thresholds tuned on the calibrated risk of the proposed model (or why not); null
 *                      unless --fit
 * @param proposedModel the path of the proposed model file (null unless --fit)
 * @param notes         things the reader should know (a skipped fit, an ignored churn rule, charts not drawn)
 * @param unusable      why the run's numbers cannot be used (most inputs dead-lettered, no account scored, undefined
 *                      headline measures); empty when they can
 * @param expansion     how the expansion signal foretold upgrades, or why it could not be measured
 */
public record BacktestReport(Instant generatedAt, Map<String, String> inputs, ScoringModel model,
                             ReplaySettings replaySettings, LogReplay.Result replay, MappingStats mapping,
                             Map<String, Long> churnAt, String churnSource, int outcomeAccountsWithoutEvents,
                             EvaluationWindow window, int samples, double baseRate,
                             Map<Integer, LeadTimeAuc.Result> scoreAuc, Auc.Result anyDayAuc,
                             LevelChurnRates.Result levels, List<ComponentQuality.Result> components,
                             AlertQuality.Result alerts, WeightFit.Result fit,
                             LevelCalibration.Result calibration, AlertThresholdFit.Result alertFit,
                             AlertThresholdFit.Result riskRiseFit,
                             String proposedModel,
                             List<String> charts, List<String> notes, List<String> unusable,
                             ExpansionQuality.Result expansion) {

    public boolean usable() {
        return unusable.isEmpty();
    }
}
