package io.healthscore.backtest.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Area under the ROC curve as the rank statistic (Mann-Whitney U), for a score where LOW means "will churn": the
 * probability that a churner scores below a non-churner, ties counting half. Non-churners may carry weights (so a
 * control group can be matched in time to the churners); churners weigh 1. 0.5 is chance, 1.0 is a perfect ranking.
 */
public final class Auc {

    private static final int MAX_ROC_POINTS = 200;

    private Auc() {
    }

    /** One point of a ROC curve: share of non-churners and of churners at or below a score threshold. */
    public record RocPoint(double falsePositiveRate, double truePositiveRate) {
    }

    /** An AUC with its sample sizes and ROC curve; {@code auc} is NaN without churners or non-churners. */
    public record Result(double auc, int positives, int negatives, List<RocPoint> roc) {

        public static final Result EMPTY = new Result(Double.NaN, 0, 0, List.of());
    }

    /** Unweighted. */
    public static Result of(double[] churners, double[] others) {
        double[] weights = new double[others.length];
        Arrays.fill(weights, 1.0);
        return of(churners, others, weights);
    }

    public static Result of(double[] churners, double[] others, double[] otherWeights) {
        if (churners.length == 0 || others.length == 0) {
            return new Result(Double.NaN, churners.length, others.length, List.of());
        }
        int n = churners.length + others.length;
        double[][] items = new double[n][];
        for (int i = 0; i < churners.length; i++) {
            items[i] = new double[] {churners[i], 1, 1};
        }
        for (int j = 0; j < others.length; j++) {
            items[churners.length + j] = new double[] {others[j], 0, otherWeights[j]};
        }
        Arrays.sort(items, (a, b) -> Double.compare(a[0], b[0]));
        double totalOther = 0;
        for (double w : otherWeights) {
            totalOther += w;
        }
        double otherBelow = 0;
        double churnersBelow = 0;
        double sum = 0;
        List<RocPoint> roc = new ArrayList<>();
        roc.add(new RocPoint(0, 0));
        int i = 0;
        while (i < n) {
            int j = i;
            double groupChurners = 0;
            double groupOther = 0;
            while (j < n && items[j][0] == items[i][0]) {
                if (items[j][1] == 1) {
                    groupChurners += 1;
                } else {
                    groupOther += items[j][2];
                }
                j++;
            }
            // Churners in this group rank below every non-churner above the group and tie with those in it.
            double otherAbove = totalOther - otherBelow - groupOther;
            sum += groupChurners * (otherAbove + 0.5 * groupOther);
            otherBelow += groupOther;
            churnersBelow += groupChurners;
            roc.add(new RocPoint(otherBelow / totalOther, churnersBelow / churners.length));
            i = j;
        }
        return new Result(sum / (churners.length * totalOther), churners.length, others.length, thin(roc));
    }

    private static List<RocPoint> thin(List<RocPoint> roc) {
        if (roc.size() <= MAX_ROC_POINTS) {
            return List.copyOf(roc);
        }
        List<RocPoint> thinned = new ArrayList<>();
        double step = (roc.size() - 1) / (double) (MAX_ROC_POINTS - 1);
        for (int k = 0; k < MAX_ROC_POINTS; k++) {
            thinned.add(roc.get((int) Math.round(k * step)));
        }
        return List.copyOf(thinned);
    }
}
