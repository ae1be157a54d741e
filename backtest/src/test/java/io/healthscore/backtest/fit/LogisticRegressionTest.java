package io.healthscore.backtest.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    /** x in 0..1; log-odds = intercept + sum(beta * x). */
    private static Object[] simulate(double intercept, double[] beta, int n, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[n][beta.length];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double z = intercept;
            for (int j = 0; j < beta.length; j++) {
                x[i][j] = random.nextDouble();
                z += beta[j] * x[i][j];
            }
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z));
        }
        return new Object[] {x, y};
    }

    @Test
    void recoversTheCoefficientsOfSimulatedData() {
        Object[] data = simulate(1.0, new double[] {-4.0, -1.0, 0.0}, 40_000, 7);

        LogisticRegression.Model model = LogisticRegression.fit((double[][]) data[0], (boolean[]) data[1], 1e-6, false);

        assertThat(model.intercept()).isCloseTo(1.0, within(0.15));
        assertThat(model.coefficients()[0]).isCloseTo(-4.0, within(0.2));
        assertThat(model.coefficients()[1]).isCloseTo(-1.0, within(0.2));
        assertThat(model.coefficients()[2]).isCloseTo(0.0, within(0.2));
    }

    @Test
    void aPositiveCoefficientIsFixedAtZeroWhenHealthMustNotCountAgainstHealth() {
        Object[] data = simulate(-1.0, new double[] {-3.0, 2.0}, 20_000, 11);

        LogisticRegression.Model model = LogisticRegression.fit((double[][]) data[0], (boolean[]) data[1], 1e-4, true);

        assertThat(model.coefficients()[1]).isEqualTo(0.0);
        assertThat(model.coefficients()[0]).isLessThan(-2.0);
    }

    @Test
    void aLargerPenaltyShrinksTheCoefficients() {
        Object[] data = simulate(0.0, new double[] {-3.0}, 5_000, 3);

        double loose = LogisticRegression.fit((double[][]) data[0], (boolean[]) data[1], 1e-4, false).coefficients()[0];
        double tight = LogisticRegression.fit((double[][]) data[0], (boolean[]) data[1], 1.0, false).coefficients()[0];

        assertThat(Math.abs(tight)).isLessThan(Math.abs(loose) / 2);
    }
}
