package io.healthscore.backtest.fit;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.backtest.metrics.Auc;
import io.healthscore.backtest.metrics.DayValue;
import io.healthscore.backtest.metrics.EvaluationWindow;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import io.healthscore.backtest.metrics.Snapshot;
import io.healthscore.backtest.replay.AccountTimeline;
import io.healthscore.backtest.replay.ReplayObservations;
import io.healthscore.scoring.model.ScoringModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Learns component weights from the samples: a logistic regression of "churns within the horizon" on the component
 * values (0..1), L2-regularised, with every health coefficient kept at or below zero. The weight of a component is
 * minus its coefficient, scaled so the fitted components share the default weight they had together; components
 * with too little data in the log keep their default weight. The penalty is chosen from {@link #LAMBDAS} by
 * cross-validation by account, and default and fitted weights are compared on held-out accounts: each account is
 * scored with the weights fitted on the folds it was not in (nested: the penalty is chosen inside each training set).
 * Both sides are scored with the score formula (weighted mean of the components with data), so the comparison
 * is of the weights alone.
 */
public final class WeightFit {

    static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1};
    public static final int FOLDS = 5;
    static final int INNER_FOLDS = 3;
    static final double MIN_COVERAGE = 0.05;

    private WeightFit() {
    }

    /** One held-out fold: its accounts and samples, and the any-day AUC of default and fitted weights on it. */
    public record Fold(int fold, int accounts, int samples, double lambda, double defaultAuc, double fittedAuc) {
    }

    public record Result(List<ScoreComponent> fitted, List<ScoreComponent> keptDefault, double lambda,
                         double intercept, Map<ScoreComponent, Double> coefficients,
                         Map<ScoreComponent, Double> defaultWeights, Map<ScoreComponent, Double> proposedWeights,
                         Auc.Result heldOutDefault, Auc.Result heldOutFitted, List<Fold> folds,
                         Map<Integer, LeadTimeAuc.Result> leadDefault, Map<Integer, LeadTimeAuc.Result> leadFitted,
                         boolean signalFound) {
    }

    public static Result fit(List<Snapshot> snapshots, ScoringModel model, ReplayObservations observations,
                             Map<String, Long> churnAt, EvaluationWindow window, List<Integer> leads, long seed) {
        List<ScoreComponent> usable = new ArrayList<>();
        List<ScoreComponent> kept = new ArrayList<>();
        for (ScoreComponent c : ScoreComponent.values()) {
            (usable(snapshots, c) ? usable : kept).add(c);
        }
        if (usable.isEmpty() || snapshots.stream().noneMatch(Snapshot::churned)) {
            throw new IllegalStateException("nothing to fit: " + (usable.isEmpty()
                    ? "no component has data in at least " + (int) (MIN_COVERAGE * 100) + "% of the samples"
                    : "no sample is followed by churn within the horizon"));
        }
        Map<String, Integer> foldOf = folds(snapshots, FOLDS, seed);
        Map<Integer, Map<ScoreComponent, Double>> weightsByFold = new HashMap<>();
        List<Fold> folds = new ArrayList<>();
        List<Double> defaultChurn = new ArrayList<>();
        List<Double> defaultStay = new ArrayList<>();
        List<Double> fittedChurn = new ArrayList<>();
        List<Double> fittedStay = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            final int fold = f;
            List<Snapshot> train = snapshots.stream().filter(s -> foldOf.get(s.account()) != fold).toList();
            List<Snapshot> test = snapshots.stream().filter(s -> foldOf.get(s.account()) == fold).toList();
            if (test.isEmpty() || train.stream().noneMatch(Snapshot::churned)) {
                continue;
            }
            double lambda = chooseLambda(train, usable, seed + f + 1);
            Map<ScoreComponent, Double> weights = weights(train, usable, model, lambda).proposed;
            weightsByFold.put(f, weights);
            List<Double> dc = new ArrayList<>();
            List<Double> ds = new ArrayList<>();
            List<Double> fc = new ArrayList<>();
            List<Double> fs = new ArrayList<>();
            for (Snapshot s : test) {
                double d = rescore(s.components(), defaultWeights(s.timeline()));
                double w = rescore(s.components(), weights);
                if (Double.isNaN(d) || Double.isNaN(w)) {
                    continue;
                }
                (s.churned() ? dc : ds).add(d);
                (s.churned() ? fc : fs).add(w);
            }
            defaultChurn.addAll(dc);
            defaultStay.addAll(ds);
            fittedChurn.addAll(fc);
            fittedStay.addAll(fs);
            folds.add(new Fold(f, (int) test.stream().map(Snapshot::account).distinct().count(), test.size(), lambda,
                    Auc.of(array(dc), array(ds)).auc(), Auc.of(array(fc), array(fs)).auc()));
        }
        Map<Integer, LeadTimeAuc.Result> leadDefault = new LinkedHashMap<>();
        Map<Integer, LeadTimeAuc.Result> leadFitted = new LinkedHashMap<>();
        DayValue defaultValue = (t, day) -> rescoreOn(t, day, defaultWeights(t));
        DayValue fittedValue = (t, day) -> {
            Integer fold = foldOf.get(t.account());
            Map<ScoreComponent, Double> w = fold == null ? null : weightsByFold.get(fold);
            return w == null ? Double.NaN : rescoreOn(t, day, w);
        };
        for (int k : leads) {
            leadDefault.put(k, LeadTimeAuc.compute(observations, churnAt, window, k, defaultValue));
            leadFitted.put(k, LeadTimeAuc.compute(observations, churnAt, window, k, fittedValue));
        }
        double lambda = chooseLambda(snapshots, usable, seed);
        Fitted all = weights(snapshots, usable, model, lambda);
        return new Result(List.copyOf(usable), List.copyOf(kept), lambda, all.model.intercept(), all.coefficients,
                modelWeights(model), all.proposed, Auc.of(array(defaultChurn), array(defaultStay)),
                Auc.of(array(fittedChurn), array(fittedStay)), List.copyOf(folds), leadDefault, leadFitted,
                all.signalFound);
    }

    private record Fitted(LogisticRegression.Model model, Map<ScoreComponent, Double> coefficients,
                          Map<ScoreComponent, Double> proposed, boolean signalFound) {
    }

    private static Fitted weights(List<Snapshot> train, List<ScoreComponent> usable, ScoringModel model, double lambda) {
        double[] means = means(train, usable);
        LogisticRegression.Model fitted = LogisticRegression.fit(matrix(train, usable, means), labels(train), lambda,
                true);
        Map<ScoreComponent, Double> defaults = modelWeights(model);
        Map<ScoreComponent, Double> coefficients = new EnumMap<>(ScoreComponent.class);
        double raw = 0;
        double share = 0;
        for (int j = 0; j < usable.size(); j++) {
            coefficients.put(usable.get(j), fitted.coefficients()[j]);
            raw += -fitted.coefficients()[j];
            share += defaults.get(usable.get(j));
        }
        Map<ScoreComponent, Double> proposed = new EnumMap<>(defaults);
        boolean signal = raw > 1e-9;
        if (signal) {
            for (int j = 0; j < usable.size(); j++) {
                proposed.put(usable.get(j), round(-fitted.coefficients()[j] / raw * share));
            }
        }
        return new Fitted(fitted, coefficients, proposed, signal);
    }

    private static double chooseLambda(List<Snapshot> data, List<ScoreComponent> usable, long seed) {
        Map<String, Integer> inner = folds(data, INNER_FOLDS, seed);
        double best = LAMBDAS[0];
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double lambda : LAMBDAS) {
            double loss = 0;
            int counted = 0;
            for (int f = 0; f < INNER_FOLDS; f++) {
                final int fold = f;
                List<Snapshot> train = data.stream().filter(s -> inner.get(s.account()) != fold).toList();
                List<Snapshot> test = data.stream().filter(s -> inner.get(s.account()) == fold).toList();
                if (test.isEmpty() || train.stream().noneMatch(Snapshot::churned)) {
                    continue;
                }
                double[] means = means(train, usable);
                LogisticRegression.Model m = LogisticRegression.fit(matrix(train, usable, means), labels(train),
                        lambda, true);
                loss += LogisticRegression.logLoss(m, matrix(test, usable, means), labels(test)) * test.size();
                counted += test.size();
            }
            if (counted > 0 && loss / counted < bestLoss) {
                bestLoss = loss / counted;
                best = lambda;
            }
        }
        return best;
    }

    /** Accounts to folds: sorted, shuffled with the seed, dealt round-robin, so a fold holds whole accounts. */
    static Map<String, Integer> folds(List<Snapshot> snapshots, int k, long seed) {
        List<String> accounts = new ArrayList<>(new TreeSet<>(snapshots.stream().map(Snapshot::account).toList()));
        Collections.shuffle(accounts, new Random(seed));
        Map<String, Integer> fold = new HashMap<>();
        for (int i = 0; i < accounts.size(); i++) {
            fold.put(accounts.get(i), i % k);
        }
        return fold;
    }

    private static boolean usable(List<Snapshot> snapshots, ScoreComponent c) {
        long present = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Snapshot s : snapshots) {
            double v = s.component(c);
            if (!Double.isNaN(v)) {
                present++;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return !snapshots.isEmpty() && present >= MIN_COVERAGE * snapshots.size() && max - min > 1e-9;
    }

    private static double[] means(List<Snapshot> data, List<ScoreComponent> usable) {
        double[] means = new double[usable.size()];
        for (int j = 0; j < usable.size(); j++) {
            double sum = 0;
            long n = 0;
            for (Snapshot s : data) {
                double v = s.component(usable.get(j));
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            means[j] = n == 0 ? 50 : sum / n;
        }
        return means;
    }

    /** Component values scaled to 0..1; a component without data takes the training mean. */
    private static double[][] matrix(List<Snapshot> data, List<ScoreComponent> usable, double[] means) {
        double[][] x = new double[data.size()][usable.size()];
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < usable.size(); j++) {
                double v = data.get(i).component(usable.get(j));
                x[i][j] = (Double.isNaN(v) ? means[j] : v) / 100.0;
            }
        }
        return x;
    }

    private static boolean[] labels(List<Snapshot> data) {
        boolean[] y = new boolean[data.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = data.get(i).churned();
        }
        return y;
    }

    /** The health-score formula: weighted mean over the components with data and a weight above 0. */
    public static double rescore(double[] components, Map<ScoreComponent, Double> weights) {
        double sum = 0;
        double used = 0;
        for (ScoreComponent c : ScoreComponent.values()) {
            double v = components[c.ordinal()];
            double w = weights.getOrDefault(c, 0.0);
            if (!Double.isNaN(v) && w > 0) {
                sum += w * v;
                used += w;
            }
        }
        return used == 0 ? Double.NaN : sum / used;
    }

    private static double rescoreOn(AccountTimeline t, long day, Map<ScoreComponent, Double> weights) {
        if (Double.isNaN(t.scoreOn(day))) {
            return Double.NaN;
        }
        double[] components = new double[ScoreComponent.values().length];
        for (ScoreComponent c : ScoreComponent.values()) {
            components[c.ordinal()] = t.componentOn(day, c);
        }
        return rescore(components, weights);
    }

    private static Map<ScoreComponent, Double> defaultWeights(AccountTimeline t) {
        Map<ScoreComponent, Double> w = new EnumMap<>(ScoreComponent.class);
        for (ScoreComponent c : ScoreComponent.values()) {
            w.put(c, t.weightInForce(c));
        }
        return w;
    }

    private static Map<ScoreComponent, Double> modelWeights(ScoringModel model) {
        Map<ScoreComponent, Double> w = new EnumMap<>(ScoreComponent.class);
        for (ScoreComponent c : ScoreComponent.values()) {
            w.put(c, model.weights().getOrDefault(c, 0.0));
        }
        return w;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double[] array(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
