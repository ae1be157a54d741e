package io.healthscore.backtest.fit;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.metrics.Snapshot;
import io.healthscore.scoring.model.LevelThresholds;
import io.healthscore.scoring.model.RiskCalibration;
import io.healthscore.scoring.model.ScoringModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Risk-calibrated levels for a model: every sample is scored with the model's weights (its segment's overrides
 * included) by the score formula, the score &rarr; P(churn within the horizon) mapping is fitted by
 * {@link IsotonicCalibration}, and the level boundaries are put where that risk falls below each band (defaults
 * LV1 &ge; 50 %, LV2 &ge; 20 %, LV3 &ge; 5 %, LV4 below), with the model's hysteresis capped at half the
 * narrowest level. The levels' share of the samples and their churn rate are
 * then counted on the same samples by those boundaries (without hysteresis). Samples that cannot support a
 * calibration give a result without one, saying why: the levels stay the model's uncalibrated score bands.
 */
public final class LevelCalibration {

    /** The fewest samples a point of the table rests on, and the share of all samples it must have at least. */
    static final int MIN_GROUP = 20;
    static final double MIN_GROUP_SHARE = 0.005;

    private LevelCalibration() {
    }

    /** One level under the calibrated boundaries: its score range, its risk band and what the samples did there. */
    public record LevelShare(HealthLevel level, double fromScore, double toScore, double minRisk, double maxRisk,
                             long samples, long churned) {
        public double rate() {
            return samples == 0 ? Double.NaN : churned / (double) samples;
        }
    }

    /**
     * @param levels              the model's levels, calibrated when {@code calibration} is present, else as they were
     * @param uncalibratedBecause why there is no calibration (null when there is one)
     */
    public record Result(LevelThresholds levels, RiskCalibration calibration, List<LevelShare> shares, long samples,
                         String uncalibratedBecause) {
        public boolean calibrated() {
            return calibration != null;
        }
    }

    public static Result fit(List<Snapshot> snapshots, ScoringModel model, int horizonDays, double[] bands,
                             String fittedOn) {
        List<Double> scored = new ArrayList<>();
        List<Boolean> outcomes = new ArrayList<>();
        for (Snapshot s : snapshots) {
            double score = score(s, model);
            if (!Double.isNaN(score)) {
                scored.add(score);
                outcomes.add(s.churned());
            }
        }
        double[] scores = scored.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] churned = new boolean[scores.length];
        for (int i = 0; i < churned.length; i++) {
            churned[i] = outcomes.get(i);
        }
        try {
            int minGroup = Math.max(MIN_GROUP, (int) Math.ceil(MIN_GROUP_SHARE * scores.length));
            List<RiskCalibration.Point> table = IsotonicCalibration.fit(scores, churned, minGroup);
            RiskCalibration calibration = new RiskCalibration(horizonDays, bands[0], bands[1], bands[2], table,
                    fittedOn + ", " + scores.length + " samples");
            double[] b = calibration.boundaries();
            LevelThresholds levels = LevelThresholds.calibrated(calibration, hysteresis(b, model.levels().hysteresis()));
            return new Result(levels, calibration, shares(levels, scores, churned), scores.length, null);
        } catch (CalibrationException e) {
            return new Result(model.levels(), null, List.of(), scores.length, e.getMessage());
        }
    }

    /**
     * The model's hysteresis, at most half the narrowest level that is not empty (rounded down to 0.1), so every
     * level can be entered: with a Lv4 from 97 to 100 and a margin of 3, no account could ever rise into it.
     */
    static double hysteresis(double[] boundaries, double modelMargin) {
        double[] edges = {0, boundaries[0], boundaries[1], boundaries[2], 100};
        double narrowest = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 4; k++) {
            double width = edges[k + 1] - edges[k];
            if (width > 0) {
                narrowest = Math.min(narrowest, width);
            }
        }
        return Math.min(modelMargin, Math.floor(narrowest / 2 * 10) / 10.0);
    }

    /** The score the model gives this sample's components (the topology's formula, rounded to 0.1 as it is). */
    static double score(Snapshot s, ScoringModel model) {
        return score(s.components(), s.timeline() == null ? null : s.timeline().segment(), model);
    }

    /** The score the model gives these component values (NaN = no data) of an account in this segment. */
    static double score(double[] components, String segment, ScoringModel model) {
        Map<ScoreComponent, Double> weights = new EnumMap<>(ScoreComponent.class);
        for (ScoreComponent c : ScoreComponent.values()) {
            weights.put(c, model.weight(c, segment));
        }
        double score = WeightFit.rescore(components, weights);
        return Double.isNaN(score) ? score : Math.min(100, Math.max(0, Math.round(score * 10) / 10.0));
    }

    private static List<LevelShare> shares(LevelThresholds levels, double[] scores, boolean[] churned) {
        long[] samples = new long[4];
        long[] churn = new long[4];
        for (int i = 0; i < scores.length; i++) {
            int level = 0;
            for (int k = 3; k > 0; k--) {
                if (scores[i] >= levels.lowerBound(k)) {
                    level = k;
                    break;
                }
            }
            samples[level]++;
            churn[level] += churned[i] ? 1 : 0;
        }
        RiskCalibration c = levels.calibration();
        double[] minRisk = {c.lv1MinRisk(), c.lv2MinRisk(), c.lv3MinRisk(), 0};
        List<LevelShare> shares = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            shares.add(new LevelShare(HealthLevel.values()[k], levels.lowerBound(k), k == 3 ? 100 : levels.lowerBound(k + 1),
                    minRisk[k], k == 0 ? 1 : minRisk[k - 1], samples[k], churn[k]));
        }
        return List.copyOf(shares);
    }
}
