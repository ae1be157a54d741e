package io.healthscore.backtest.fit;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.replay.AccountTimeline;
import io.healthscore.backtest.replay.DeclineSample;
import io.healthscore.scoring.alert.RiskRise;
import io.healthscore.scoring.model.RiskCalibration;
import io.healthscore.scoring.model.RiskRiseThresholds;
import io.healthscore.scoring.model.ScoringModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * RISK_RISE's measure at every midnight, for a model the replay did not run (the proposed weights and the
 * calibration fitted on them): each account's components at that midnight and w days before
 * (w = riskRise.windowDays) are scored by the model's formula, both scores turned into the calibration's risk
 * ({@link RiskRise}, the rule's own arithmetic), and the sample is the risk now where it rose by at least minRise,
 * else 0, so that re-running the rule at a risk floor t (&gt; 0) fires exactly where the rule would. The topology
 * takes the score "w days ago" as the last one of that day, which is what the midnight after it samples.
 */
public final class RiskRiseMeasure {

    private RiskRiseMeasure() {
    }

    public static List<DeclineSample> measure(Collection<AccountTimeline> timelines, ScoringModel model,
                                              RiskCalibration calibration, RiskRiseThresholds t) {
        List<DeclineSample> samples = new ArrayList<>();
        List<AccountTimeline> sorted = new ArrayList<>(timelines);
        sorted.sort(Comparator.comparing(AccountTimeline::account));
        for (AccountTimeline timeline : sorted) {
            if (timeline.firstDay() == Long.MIN_VALUE) {
                continue;
            }
            long last = timeline.firstDay() + timeline.days() - 1;
            for (long day = timeline.firstDay() + t.windowDays(); day <= last; day++) {
                double now = score(timeline, day, model);
                double before = score(timeline, day - t.windowDays(), model);
                RiskRise r = RiskRise.between(Double.isNaN(before) ? null : before, now, calibration);
                if (r != null) {
                    samples.add(new DeclineSample(timeline.account(), day,
                            r.rise() >= t.minRise() - 1e-9 ? r.riskNow() : 0));
                }
            }
        }
        return samples;
    }

    private static double score(AccountTimeline timeline, long day, ScoringModel model) {
        double[] components = new double[ScoreComponent.values().length];
        for (ScoreComponent c : ScoreComponent.values()) {
            components[c.ordinal()] = timeline.componentOn(day, c);
        }
        return LevelCalibration.score(components, timeline.segment(), model);
    }
}
