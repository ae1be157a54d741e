package io.healthscore.scoring.model;

import java.util.List;
import java.util.Objects;

/**
 * A fitted mapping score &rarr; P(churn within {@code horizonDays}), and the risk bands the levels stand for.
 * risk(score) interpolates linearly between the table's points (scores rising, risks not rising) and is flat
 * beyond the first and last point. The level boundaries that go with it are where the risk falls below each band:
 * LV1 = risk &ge; {@code lv1MinRisk}, LV2 = risk &ge; {@code lv2MinRisk}, LV3 = risk &ge; {@code lv3MinRisk}, LV4
 * below that (defaults 50 % / 20 % / 5 % within 30 days).
 *
 * @param fittedOn what the table was fitted on, in words (may be empty)
 */
public record RiskCalibration(int horizonDays, double lv1MinRisk, double lv2MinRisk, double lv3MinRisk,
                              List<Point> table, String fittedOn) {

    /** The default bands: LV1 &ge; 50 %, LV2 20..50 %, LV3 5..20 %, LV4 &lt; 5 %. */
    public static final double[] DEFAULT_BANDS = {0.50, 0.20, 0.05};

    /** A score and the churn risk at it. */
    public record Point(double score, double risk) {
    }

    public RiskCalibration {
        if (horizonDays < 1) {
            throw new IllegalArgumentException("horizonDays must be at least 1, got " + horizonDays);
        }
        if (!(lv1MinRisk < 1 && lv1MinRisk > lv2MinRisk && lv2MinRisk > lv3MinRisk && lv3MinRisk > 0)) {
            throw new IllegalArgumentException("risk bands must fall strictly within (0, 1) from lv1 to lv3, got "
                    + lv1MinRisk + " / " + lv2MinRisk + " / " + lv3MinRisk);
        }
        table = List.copyOf(table);
        if (table.size() < 2) {
            throw new IllegalArgumentException("the table needs at least 2 points, got " + table.size());
        }
        for (int i = 0; i < table.size(); i++) {
            Point p = table.get(i);
            if (!(p.score() >= 0 && p.score() <= 100)) {
                throw new IllegalArgumentException("point " + i + ": score must be 0..100, got " + p.score());
            }
            if (!(p.risk() >= 0 && p.risk() <= 1)) {
                throw new IllegalArgumentException("point " + i + ": risk must be 0..1, got " + p.risk());
            }
            if (i > 0 && !(p.score() > table.get(i - 1).score())) {
                throw new IllegalArgumentException("point " + i + ": scores must rise strictly, got "
                        + table.get(i - 1).score() + " then " + p.score());
            }
            if (i > 0 && p.risk() > table.get(i - 1).risk()) {
                throw new IllegalArgumentException("point " + i + ": risk must not rise with the score, got "
                        + table.get(i - 1).risk() + " then " + p.risk());
            }
        }
        fittedOn = Objects.requireNonNullElse(fittedOn, "");
    }

    /** P(churn within the horizon) at this score. */
    public double risk(double score) {
        Point first = table.get(0);
        if (score <= first.score()) {
            return first.risk();
        }
        for (int i = 1; i < table.size(); i++) {
            Point b = table.get(i);
            if (score == b.score()) {
                return b.risk();
            }
            if (score < b.score()) {
                Point a = table.get(i - 1);
                return a.risk() + (score - a.score()) / (b.score() - a.score()) * (b.risk() - a.risk());
            }
        }
        return table.get(table.size() - 1).risk();
    }

    /** The lower score bounds of LV2, LV3 and LV4 that make each level its risk band. */
    public double[] boundaries() {
        return new double[] {boundary(lv1MinRisk), boundary(lv2MinRisk), boundary(lv3MinRisk)};
    }

    /**
     * The lowest score from which the risk is below {@code minRisk}: 0 when it is below everywhere (the level under
     * it is empty), 100 when it never falls below (only a perfect score leaves the level).
     */
    public double boundary(double minRisk) {
        if (table.get(0).risk() < minRisk) {
            return 0;
        }
        for (int i = 1; i < table.size(); i++) {
            Point a = table.get(i - 1);
            Point b = table.get(i);
            if (b.risk() < minRisk) {
                double at = a.score() + (a.risk() - minRisk) / (a.risk() - b.risk()) * (b.score() - a.score());
                return Math.round(at * 100) / 100.0;
            }
        }
        return 100;
    }
}
