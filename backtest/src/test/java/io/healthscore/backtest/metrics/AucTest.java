package io.healthscore.backtest.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AucTest {

    @Test
    void churnersAllBelowEveryoneElseIsPerfectAndAboveIsZero() {
        assertThat(Auc.of(new double[] {10, 20}, new double[] {30, 40, 50}).auc()).isEqualTo(1.0);
        assertThat(Auc.of(new double[] {60, 70}, new double[] {30, 40, 50}).auc()).isEqualTo(0.0);
    }

    @Test
    void tiesCountHalfAndAMixedRankingGivesTheShareOfOrderedPairs() {
        assertThat(Auc.of(new double[] {50, 50}, new double[] {50, 50, 50}).auc()).isEqualTo(0.5);
        // Pairs (churner < other): 10<20,10<40,30<40 = 3 of 4; 20 vs 20 would tie.
        assertThat(Auc.of(new double[] {10, 30}, new double[] {20, 40}).auc()).isEqualTo(0.75);
        assertThat(Auc.of(new double[] {20}, new double[] {20, 40}).auc()).isEqualTo(0.75);
    }

    @Test
    void aWeightCountsLikeThatManyCopies() {
        double weighted = Auc.of(new double[] {25, 35}, new double[] {20, 30, 40}, new double[] {3, 1, 1}).auc();
        double copies = Auc.of(new double[] {25, 35}, new double[] {20, 20, 20, 30, 40}).auc();

        assertThat(weighted).isCloseTo(copies, within(1e-12));
    }

    @Test
    void theRocCurveRunsFromOriginToOneOne() {
        Auc.Result result = Auc.of(new double[] {10, 30}, new double[] {20, 40});

        assertThat(result.roc().get(0)).isEqualTo(new Auc.RocPoint(0, 0));
        assertThat(result.roc().get(result.roc().size() - 1)).isEqualTo(new Auc.RocPoint(1, 1));
        assertThat(result.roc()).extracting(Auc.RocPoint::truePositiveRate).isSorted();
    }

    @Test
    void withoutChurnersThereIsNoAuc() {
        assertThat(Auc.of(new double[0], new double[] {1, 2}).auc()).isNaN();
    }
}
