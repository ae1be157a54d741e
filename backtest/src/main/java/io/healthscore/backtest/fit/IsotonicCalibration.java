package io.healthscore.backtest.fit;

import io.healthscore.scoring.model.RiskCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Isotonic regression of "churned within the horizon" (0/1) on the score, constrained so the risk never rises with
 * the score: samples with the same score are pooled first, then pool-adjacent-violators merges neighbouring groups
 * while a higher score has the higher churn rate; finally groups smaller than {@code minGroup} samples are merged into
 * the neighbour whose rate is closest, so no point of the table rests on a handful of samples. Each group becomes one
 * point of the table: its mean score and its churn rate. Degenerate input (no samples, no churn, only churn, a single
 * score, or a flat result) is refused with a {@link CalibrationException}, never a table of NaN.
 */
public final class IsotonicCalibration {

    private IsotonicCalibration() {
    }

    /** One pooled group of samples. */
    private static final class Group {
        double scoreSum;
        double churned;
        double samples;

        Group(double scoreSum, double churned, double samples) {
            this.scoreSum = scoreSum;
            this.churned = churned;
            this.samples = samples;
        }

        double rate() {
            return churned / samples;
        }

        double score() {
            return scoreSum / samples;
        }

        void absorb(Group other) {
            scoreSum += other.scoreSum;
            churned += other.churned;
            samples += other.samples;
        }
    }

    /**
     * The table score &rarr; risk: scores strictly rising, risks not rising, in [0, 1].
     *
     * @param scores   one score per sample (0..100)
     * @param churned  whether each sample's account churned within the horizon
     * @param minGroup the fewest samples a point may rest on (at least 1)
     */
    public static List<RiskCalibration.Point> fit(double[] scores, boolean[] churned, int minGroup) {
        if (scores.length != churned.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + churned.length + " outcomes");
        }
        int n = scores.length;
        long churners = 0;
        for (int i = 0; i < n; i++) {
            if (!(scores[i] >= 0 && scores[i] <= 100)) {
                throw new IllegalArgumentException("sample " + i + ": score must be 0..100, got " + scores[i]);
            }
            churners += churned[i] ? 1 : 0;
        }
        if (n == 0) {
            throw new CalibrationException("there are no samples to calibrate on");
        }
        if (churners == 0) {
            throw new CalibrationException("no sample is followed by churn within the horizon, so every risk would be 0");
        }
        if (churners == n) {
            throw new CalibrationException("every sample is followed by churn within the horizon, so every risk would be 1");
        }
        List<Group> groups = pooledTies(scores, churned);
        if (groups.size() < 2) {
            throw new CalibrationException("every sample has the same score (" + scores[0] + "), so the score cannot "
                    + "order risk");
        }
        List<Group> blocks = poolAdjacentViolators(groups);
        mergeSmall(blocks, Math.max(1, minGroup));
        List<RiskCalibration.Point> points = points(blocks);
        if (points.size() < 2 || points.get(0).risk() == points.get(points.size() - 1).risk()) {
            throw new CalibrationException(String.format(java.util.Locale.ROOT, "the score does not order risk here: "
                    + "the fitted risk is flat at %.1f%%", 100.0 * churners / n));
        }
        return points;
    }

    private static List<Group> pooledTies(double[] scores, boolean[] churned) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        List<Group> groups = new ArrayList<>();
        double last = Double.NaN;
        for (int i : order) {
            if (groups.isEmpty() || scores[i] != last) {
                groups.add(new Group(0, 0, 0));
                last = scores[i];
            }
            groups.get(groups.size() - 1).absorb(new Group(scores[i], churned[i] ? 1 : 0, 1));
        }
        return groups;
    }

    /** Groups in rising score order, merged until the churn rate never rises from one to the next. */
    private static List<Group> poolAdjacentViolators(List<Group> groups) {
        List<Group> stack = new ArrayList<>();
        for (Group g : groups) {
            Group current = new Group(g.scoreSum, g.churned, g.samples);
            while (!stack.isEmpty() && stack.get(stack.size() - 1).rate() <= current.rate()) {
                // Equal rates merge too: a flat run is one point, so the table has no redundant rows.
                Group below = stack.remove(stack.size() - 1);
                below.absorb(current);
                current = below;
            }
            stack.add(current);
        }
        return stack;
    }

    /** Merging neighbours keeps the rates monotone: the merged rate lies between the two. */
    private static void mergeSmall(List<Group> blocks, int minGroup) {
        while (blocks.size() > 1) {
            int smallest = -1;
            for (int i = 0; i < blocks.size(); i++) {
                if (blocks.get(i).samples < minGroup && (smallest < 0 || blocks.get(i).samples < blocks.get(smallest).samples)) {
                    smallest = i;
                }
            }
            if (smallest < 0) {
                return;
            }
            int into;
            if (smallest == 0) {
                into = 1;
            } else if (smallest == blocks.size() - 1) {
                into = smallest - 1;
            } else {
                double rate = blocks.get(smallest).rate();
                into = Math.abs(blocks.get(smallest - 1).rate() - rate) <= Math.abs(blocks.get(smallest + 1).rate() - rate)
                        ? smallest - 1 : smallest + 1;
            }
            blocks.get(into).absorb(blocks.remove(smallest));
        }
    }

    /** Rounded to 0.01 points and 0.0001 risk; groups whose rounded scores meet are merged (still monotone). */
    private static List<RiskCalibration.Point> points(List<Group> blocks) {
        List<Group> merged = new ArrayList<>();
        for (Group b : blocks) {
            Group copy = new Group(b.scoreSum, b.churned, b.samples);
            if (!merged.isEmpty() && round(copy.score(), 100) <= round(merged.get(merged.size() - 1).score(), 100)) {
                merged.get(merged.size() - 1).absorb(copy);
            } else {
                merged.add(copy);
            }
        }
        List<RiskCalibration.Point> points = new ArrayList<>();
        for (Group g : merged) {
            points.add(new RiskCalibration.Point(round(g.score(), 100), round(g.rate(), 10_000)));
        }
        return points;
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }
}
