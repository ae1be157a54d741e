package io.healthscore.backtest.fit;

import java.util.Arrays;

/**
 * L2-regularised logistic regression fitted by Newton's method: minimises
 * mean(log-loss) + (lambda / 2) * |beta|^2 (the intercept is not penalised). Coefficients marked
 * {@code nonPositive} are kept at or below zero: a feature whose fitted coefficient comes out positive is fixed at 0
 * and the rest refitted, until none is (a health component must not count against health).
 */
public final class LogisticRegression {

    private static final int MAX_NEWTON_STEPS = 100;
    private static final double TOLERANCE = 1e-9;

    private LogisticRegression() {
    }

    /** intercept + sum(coefficients[j] * x[j]) is the log-odds of the positive class. */
    public record Model(double intercept, double[] coefficients) {

        public double probability(double[] x) {
            double z = intercept;
            for (int j = 0; j < x.length; j++) {
                z += coefficients[j] * x[j];
            }
            return 1 / (1 + Math.exp(-z));
        }
    }

    public static Model fit(double[][] x, boolean[] y, double lambda, boolean nonPositive) {
        int p = x.length == 0 ? 0 : x[0].length;
        boolean[] active = new boolean[p];
        Arrays.fill(active, true);
        for (int round = 0; round <= p; round++) {
            Model model = newton(x, y, lambda, active);
            int worst = -1;
            for (int j = 0; j < p; j++) {
                if (nonPositive && active[j] && model.coefficients()[j] > 1e-12
                        && (worst < 0 || model.coefficients()[j] > model.coefficients()[worst])) {
                    worst = j;
                }
            }
            if (worst < 0) {
                return model;
            }
            active[worst] = false;
        }
        throw new IllegalStateException("unreachable: every feature was fixed at 0");
    }

    /** Mean log-loss of a model on data (with probabilities clipped away from 0 and 1). */
    public static double logLoss(Model model, double[][] x, boolean[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double prob = Math.min(1 - 1e-12, Math.max(1e-12, model.probability(x[i])));
            sum -= y[i] ? Math.log(prob) : Math.log(1 - prob);
        }
        return x.length == 0 ? Double.NaN : sum / x.length;
    }

    private static Model newton(double[][] x, boolean[] y, double lambda, boolean[] active) {
        int n = x.length;
        int p = active.length;
        int[] index = new int[p];
        int k = 0;
        for (int j = 0; j < p; j++) {
            if (active[j]) {
                index[k++] = j;
            }
        }
        int dim = k + 1;
        double[] theta = new double[dim];
        double positives = 0;
        for (boolean label : y) {
            positives += label ? 1 : 0;
        }
        double base = Math.min(1 - 1e-6, Math.max(1e-6, positives / Math.max(1, n)));
        theta[0] = Math.log(base / (1 - base));
        double[] features = new double[dim];
        for (int step = 0; step < MAX_NEWTON_STEPS; step++) {
            double[] gradient = new double[dim];
            double[][] hessian = new double[dim][dim];
            for (int i = 0; i < n; i++) {
                features[0] = 1;
                for (int a = 1; a < dim; a++) {
                    features[a] = x[i][index[a - 1]];
                }
                double z = 0;
                for (int a = 0; a < dim; a++) {
                    z += theta[a] * features[a];
                }
                double prob = 1 / (1 + Math.exp(-z));
                double residual = prob - (y[i] ? 1 : 0);
                double w = prob * (1 - prob);
                for (int a = 0; a < dim; a++) {
                    gradient[a] += residual * features[a] / n;
                    for (int b = 0; b <= a; b++) {
                        hessian[a][b] += w * features[a] * features[b] / n;
                    }
                }
            }
            for (int a = 0; a < dim; a++) {
                for (int b = a + 1; b < dim; b++) {
                    hessian[a][b] = hessian[b][a];
                }
                if (a > 0) {
                    gradient[a] += lambda * theta[a];
                    hessian[a][a] += lambda;
                } else {
                    hessian[a][a] += 1e-9;
                }
            }
            double[] delta = solve(hessian, gradient);
            double largest = 0;
            for (int a = 0; a < dim; a++) {
                theta[a] -= delta[a];
                largest = Math.max(largest, Math.abs(delta[a]));
            }
            if (largest < TOLERANCE) {
                break;
            }
        }
        double[] coefficients = new double[p];
        for (int a = 1; a < dim; a++) {
            coefficients[index[a - 1]] = theta[a];
        }
        return new Model(theta[0], coefficients);
    }

    /** Solves A x = b for a symmetric positive definite A (Gaussian elimination with partial pivoting). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            if (Math.abs(m[col][col]) < 1e-15) {
                m[col][col] = 1e-15;
            }
            for (int row = col + 1; row < n; row++) {
                double factor = m[row][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[row][c] -= factor * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = m[row][n];
            for (int c = row + 1; c < n; c++) {
                sum -= m[row][c] * x[c];
            }
            x[row] = sum / m[row][row];
        }
        return x;
    }
}
