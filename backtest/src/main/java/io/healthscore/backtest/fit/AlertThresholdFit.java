package io.healthscore.backtest.fit;

import io.healthscore.backtest.metrics.EvaluationWindow;
import io.healthscore.backtest.metrics.LeadTimes;
import io.healthscore.backtest.metrics.Outcome;
import io.healthscore.backtest.replay.DeclineSample;
import io.healthscore.scoring.model.UsageDeclineThresholds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tunes USAGE_DECLINE's thresholds to a precision target while maximising lead time. For each candidate threshold
 * t (0.10, 0.15, .. 0.95) the rule is re-run on every account's measure at each midnight after the warm-up and
 * before it churned: it fires where decline &ge; t, at most once per cooldown. precision(t) = firings followed by
 * churn within the horizon / firings the log can judge; lead(t) = median over churners of churn - first firing in
 * the horizon. SUSPECTED takes, among the thresholds with at least {@code minFirings} judged firings and
 * precision &ge; the suspected target, the one with the longest median lead (ties: the higher precision);
 * IMMINENT the same above SUSPECTED, with precision &ge; the imminent target and &ge; SUSPECTED's (without one: the
 * model's imminent threshold when it is above SUSPECTED, else 0.95), so that IMMINENT means surer, later. Without
 * a SUSPECTED threshold, or without the data to judge one, the model's thresholds stay and
 * {@link Result#notFittedBecause()} says why in words.
 */
public final class AlertThresholdFit {

    public static final double SUSPECTED_PRECISION_TARGET = 0.5;
    public static final double IMMINENT_PRECISION_TARGET = 0.75;
    public static final int MIN_FIRINGS = 10;

    private AlertThresholdFit() {
    }

    /** The rule re-run at one threshold. Precision is NaN when no firing can be judged; {@link #judged()} says so. */
    public record Candidate(double threshold, long judged, long hits, long unknown, LeadTimes leads) {
        public double precision() {
            return judged == 0 ? Double.NaN : hits / (double) judged;
        }
    }

    /** The fitted (or kept) thresholds, every candidate tried, and, when nothing was fitted, why. */
    public record Result(UsageDeclineThresholds proposed, boolean fitted, String notFittedBecause,
                         Candidate suspected, Candidate imminent, List<Candidate> candidates,
                         double suspectedTarget, double imminentTarget) {
    }

    public static Result fit(List<DeclineSample> samples, Map<String, Long> churnAt, EvaluationWindow window,
                             int cooldownDays, UsageDeclineThresholds current) {
        return fit(samples, churnAt, window, cooldownDays, current, SUSPECTED_PRECISION_TARGET,
                IMMINENT_PRECISION_TARGET, MIN_FIRINGS);
    }

    public static Result fit(List<DeclineSample> samples, Map<String, Long> churnAt, EvaluationWindow window,
                             int cooldownDays, UsageDeclineThresholds current, double suspectedTarget,
                             double imminentTarget, int minFirings) {
        Map<String, List<DeclineSample>> byAccount = new LinkedHashMap<>();
        for (DeclineSample s : samples) {
            long at = s.epochDay() * EvaluationWindow.DAY_MS;
            Long churn = churnAt.get(s.account());
            if (at >= window.warmupEnd() && (churn == null || at < churn) && Double.isFinite(s.decline())) {
                byAccount.computeIfAbsent(s.account(), a -> new ArrayList<>()).add(s);
            }
        }
        byAccount.values().forEach(l -> l.sort(Comparator.comparingLong(DeclineSample::epochDay)));
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 2; i <= 19; i++) {
            candidates.add(evaluate(i * 0.05, byAccount, churnAt, window, cooldownDays));
        }
        String missing = byAccount.isEmpty()
                ? "no account had the two windows of use a decline is measured on after the warm-up"
                : byAccount.keySet().stream().noneMatch(churnAt::containsKey)
                ? "no account with a measured decline churned, so no firing can be followed by churn"
                : candidates.stream().allMatch(c -> c.judged() == 0)
                ? "no firing at any threshold can be judged yet (every one too close to the end of the log)" : null;
        if (missing != null) {
            return new Result(current, false, missing, null, null, candidates, suspectedTarget, imminentTarget);
        }
        Optional<Candidate> suspected = best(candidates, suspectedTarget, minFirings, 0);
        if (suspected.isEmpty()) {
            Candidate top = candidates.stream().filter(c -> c.judged() > 0)
                    .max(Comparator.comparingDouble(Candidate::precision)).orElseThrow();
            return new Result(current, false, String.format(Locale.ROOT,
                    "no threshold from 0.10 to 0.95 with at least %d judged firings reaches %.0f%% precision (the best "
                            + "is %.1f%% at %.2f, %d firings)", minFirings, suspectedTarget * 100,
                    top.precision() * 100, top.threshold(), top.judged()), null, null, candidates, suspectedTarget,
                    imminentTarget);
        }
        Candidate s = suspected.get();
        Candidate imminent = best(candidates, Math.max(imminentTarget, s.precision()), minFirings,
                s.threshold() + 0.01).orElse(null);
        double highest = candidates.get(candidates.size() - 1).threshold();
        double imminentAt = imminent != null ? imminent.threshold()
                : current.imminent() > s.threshold() ? current.imminent() : highest;
        if (imminent == null) {
            imminent = candidates.stream().filter(c -> Math.abs(c.threshold() - imminentAt) < 1e-9).findFirst()
                    .orElse(evaluate(imminentAt, byAccount, churnAt, window, cooldownDays));
        }
        UsageDeclineThresholds proposed = current.withThresholds(round(s.threshold()), round(imminentAt));
        return new Result(proposed, true, "", s, imminent, candidates, suspectedTarget, imminentTarget);
    }

    private static Optional<Candidate> best(List<Candidate> candidates, double target, int minFirings, double atLeast) {
        return candidates.stream()
                .filter(c -> c.threshold() >= atLeast - 1e-9 && c.judged() >= minFirings && c.precision() >= target
                        && c.leads().count() > 0)
                .max(Comparator.comparingDouble((Candidate c) -> c.leads().median())
                        .thenComparingDouble(Candidate::precision));
    }

    private static Candidate evaluate(double threshold, Map<String, List<DeclineSample>> byAccount,
                                      Map<String, Long> churnAt, EvaluationWindow window, int cooldownDays) {
        long judged = 0;
        long hits = 0;
        long unknown = 0;
        List<Double> leads = new ArrayList<>();
        for (Map.Entry<String, List<DeclineSample>> e : byAccount.entrySet()) {
            Long churn = churnAt.get(e.getKey());
            long lastFiring = Long.MIN_VALUE;
            Long firstInHorizon = null;
            for (DeclineSample s : e.getValue()) {
                if (s.decline() < threshold - 1e-9
                        || (lastFiring != Long.MIN_VALUE && s.epochDay() - lastFiring < cooldownDays)) {
                    continue;
                }
                lastFiring = s.epochDay();
                long at = s.epochDay() * EvaluationWindow.DAY_MS;
                switch (Outcome.after(at, churn, window)) {
                    case CHURNED -> {
                        judged++;
                        hits++;
                        if (firstInHorizon == null) {
                            firstInHorizon = at;
                        }
                    }
                    case STAYED -> judged++;
                    case UNKNOWN -> unknown++;
                }
            }
            if (firstInHorizon != null) {
                leads.add((churn - firstInHorizon) / (double) EvaluationWindow.DAY_MS);
            }
        }
        return new Candidate(round(threshold), judged, hits, unknown, new LeadTimes(leads));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
