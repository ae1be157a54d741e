package io.healthscore.backtest.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.healthscore.scoring.model.RiskCalibration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pool-adjacent-violators on (score, churned): a table whose risk never rises with the score. */
class IsotonicCalibrationTest {

    private static boolean[] outcomes(int... churned) {
        boolean[] b = new boolean[churned.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = churned[i] == 1;
        }
        return b;
    }

    @Test
    void aViolationIsPooledIntoOneGroup() {
        // Given scores 10, 20, 30, 40 churning 1, 0, 1, 0: 20 and 30 violate (a higher score churned)
        double[] scores = {10, 20, 30, 40};

        // When
        List<RiskCalibration.Point> table = IsotonicCalibration.fit(scores, outcomes(1, 0, 1, 0), 1);

        // Then
        assertThat(table).extracting(RiskCalibration.Point::score, RiskCalibration.Point::risk)
                .containsExactly(tuple(10.0, 1.0), tuple(25.0, 0.5), tuple(40.0, 0.0));
    }

    @Test
    void tiedScoresArePooledBeforeFitting() {
        // Given three samples at 50 (two churned) and three at 70 (none)
        double[] scores = {50, 70, 50, 70, 50, 70};

        // When
        List<RiskCalibration.Point> table = IsotonicCalibration.fit(scores, outcomes(1, 0, 1, 0, 0, 0), 1);

        // Then every sample with the same score gets the same risk
        assertThat(table).extracting(RiskCalibration.Point::score, RiskCalibration.Point::risk)
                .containsExactly(tuple(50.0, 0.6667), tuple(70.0, 0.0));
    }

    @Test
    void theTableIsMonotoneOnNoisyData() {
        // Given 5,000 samples whose churn chance falls with the score, plus noise
        Random random = new Random(3);
        double[] scores = new double[5000];
        boolean[] churned = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = Math.round(random.nextDouble() * 1000) / 10.0;
            churned[i] = random.nextDouble() < 0.9 * Math.exp(-scores[i] / 20);
        }

        // When
        List<RiskCalibration.Point> table = IsotonicCalibration.fit(scores, churned, 50);

        // Then scores rise strictly, risks never rise, all within bounds, and the table is a valid calibration
        for (int i = 1; i < table.size(); i++) {
            assertThat(table.get(i).score()).isGreaterThan(table.get(i - 1).score());
            assertThat(table.get(i).risk()).isLessThanOrEqualTo(table.get(i - 1).risk());
        }
        assertThat(table).allSatisfy(p -> assertThat(p.risk()).isBetween(0.0, 1.0));
        assertThat(table.get(0).risk()).isGreaterThan(0.5);
        assertThat(table.get(table.size() - 1).risk()).isLessThan(0.05);
        assertThat(new RiskCalibration(30, 0.5, 0.2, 0.05, table, "").boundaries()).isSorted();
    }

    @Test
    void smallGroupsAreMergedIntoANeighbour() {
        // Given one churned sample alone at the bottom and 100 samples above it
        double[] scores = new double[101];
        boolean[] churned = new boolean[101];
        scores[0] = 1;
        churned[0] = true;
        for (int i = 1; i < scores.length; i++) {
            scores[i] = 50 + i % 40;
            churned[i] = i % 40 < 10 && i % 2 == 0;
        }

        // When
        List<RiskCalibration.Point> table = IsotonicCalibration.fit(scores, churned, 20);

        // Then no point rests on the lone sample: its risk is not 100 %
        assertThat(table.get(0).risk()).isLessThan(1.0);
    }

    @Test
    void noChurnAtAllIsRefused() {
        assertThatThrownBy(() -> IsotonicCalibration.fit(new double[] {10, 20, 30}, outcomes(0, 0, 0), 1))
                .isInstanceOf(CalibrationException.class)
                .hasMessage("no sample is followed by churn within the horizon, so every risk would be 0");
    }

    @Test
    void onlyChurnIsRefused() {
        assertThatThrownBy(() -> IsotonicCalibration.fit(new double[] {10, 20, 30}, outcomes(1, 1, 1), 1))
                .isInstanceOf(CalibrationException.class)
                .hasMessage("every sample is followed by churn within the horizon, so every risk would be 1");
    }

    @Test
    void noSamplesAreRefused() {
        assertThatThrownBy(() -> IsotonicCalibration.fit(new double[0], new boolean[0], 1))
                .isInstanceOf(CalibrationException.class).hasMessage("there are no samples to calibrate on");
    }

    @Test
    void aSingleScoreIsRefused() {
        assertThatThrownBy(() -> IsotonicCalibration.fit(new double[] {40, 40, 40}, outcomes(1, 0, 0), 1))
                .isInstanceOf(CalibrationException.class).hasMessageStartingWith("every sample has the same score");
    }

    @Test
    void aScoreThatDoesNotOrderRiskIsRefused() {
        // Given a churn rate that rises with the score: pooling leaves one flat group
        assertThatThrownBy(() -> IsotonicCalibration.fit(new double[] {10, 20, 30, 40}, outcomes(0, 0, 1, 1), 1))
                .isInstanceOf(CalibrationException.class)
                .hasMessage("the score does not order risk here: the fitted risk is flat at 50.0%");
    }
}
