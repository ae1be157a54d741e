package io.healthscore.backtest.fit;

import io.healthscore.backtest.metrics.EvaluationWindow;
import io.healthscore.backtest.metrics.LeadTimes;
import io.healthscore.backtest.metrics.Outcome;
import io.healthscore.backtest.replay.DeclineSample;
import io.healthscore.scoring.model.RiskRiseThresholds;
import io.healthscore.scoring.model.UsageDeclineThresholds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tunes a rule's two thresholds (USAGE_DECLINE's decline, RISK_RISE's risk floor) to a precision target while
 * maximising lead time. For each candidate threshold t (0.10, 0.15, .. 0.95) the rule is re-run on every account's
 * measure at each midnight after the warm-up and before it churned: it fires where the measure &ge; t, at most once
 * per cooldown. precision(t) = firings followed by
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

    /**
     * The rule re-run at one threshold. Precision is NaN when no firing can be judged; {@link #judged()} says so.
     * {@code leadByChurner} holds each warned churner's lead in days (churn - first firing in the horizon).
     */
    public record Candidate(double threshold, long judged, long hits, long unknown, LeadTimes leads,
                            Map<String, Double> leadByChurner) {
        public double precision() {
            return judged == 0 ? Double.NaN : hits / (double) judged;
        }
    }

    /**
     * The fitted (or kept) thresholds of {@code rule}, every candidate tried, and, when nothing was fitted, why.
     * {@code proposedSuspected} / {@code proposedImminent} are the model's when nothing was fitted.
     */
    public record Result(String rule, int windowDays, double proposedSuspected, double proposedImminent,
                         boolean fitted, String notFittedBecause, Candidate suspected, Candidate imminent,
                         List<Candidate> candidates, double suspectedTarget, double imminentTarget,
                         List<Result> windowsTried) {

        Result withWindowsTried(List<Result> tried) {
            return new Result(rule, windowDays, proposedSuspected, proposedImminent, fitted, notFittedBecause,
                    suspected, imminent, candidates, suspectedTarget, imminentTarget, List.copyOf(tried));
        }

        /** The thresholds with this result's window and (fitted or kept) suspected / imminent. */
        public UsageDeclineThresholds applyTo(UsageDeclineThresholds t) {
            return new UsageDeclineThresholds(windowDays, proposedSuspected, proposedImminent, t.minUserDays());
        }

        public RiskRiseThresholds applyTo(RiskRiseThresholds t) {
            return t.withThresholds(proposedSuspected, proposedImminent);
        }
    }

    /** USAGE_DECLINE on every account's decline (0..1) at each midnight, over the model's window. */
    public static Result fit(List<DeclineSample> samples, Map<String, Long> churnAt, EvaluationWindow window,
                             int cooldownDays, UsageDeclineThresholds current) {
        return fitDecline(current.windowDays(), samples, churnAt, window, cooldownDays, current);
    }

    /**
     * USAGE_DECLINE over several windows (days of each of the two windows compared &rarr; every account's decline over
     * them at each midnight): each is tuned as above, and the window whose SUSPECTED threshold has the longest median
     * lead wins (ties: the higher precision, then the model's window, then the longer window); without any tuned,
     * the result over the model's window, saying why. The result lists every window tried.
     */
    public static Result fitDecline(Map<Integer, List<DeclineSample>> byWindow, Map<String, Long> churnAt,
                                    EvaluationWindow window, int cooldownDays, UsageDeclineThresholds current) {
        List<Result> tried = new ArrayList<>();
        for (Map.Entry<Integer, List<DeclineSample>> e : new java.util.TreeMap<>(byWindow).entrySet()) {
            tried.add(fitDecline(e.getKey(), e.getValue(), churnAt, window, cooldownDays, current));
        }
        Result own = tried.stream().filter(r -> r.windowDays() == current.windowDays()).findFirst()
                .orElseGet(() -> fitDecline(current.windowDays(), List.of(), churnAt, window, cooldownDays, current));
        Result best = tried.stream().filter(Result::fitted)
                .max(Comparator.comparingDouble((Result r) -> r.suspected().leads().median())
                        .thenComparingDouble(r -> r.suspected().precision())
                        .thenComparingInt(r -> r.windowDays() == current.windowDays() ? 1 : 0)
                        .thenComparingInt(Result::windowDays))
                .orElse(own);
        return best.withWindowsTried(tried);
    }

    private static Result fitDecline(int windowDays, List<DeclineSample> samples, Map<String, Long> churnAt,
                                     EvaluationWindow window, int cooldownDays, UsageDeclineThresholds current) {
        return fit("USAGE_DECLINE", windowDays, "no account had the two windows of use a decline is measured on "
                        + "after the warm-up", samples, churnAt, window, cooldownDays, current.suspected(),
                current.imminent(), SUSPECTED_PRECISION_TARGET, IMMINENT_PRECISION_TARGET, MIN_FIRINGS);
    }

    /**
     * RISK_RISE on every account's calibrated risk at each midnight where it had risen by the rule's minRise over its
     * window ({@link RiskRiseMeasure}; 0 where it had not, so no threshold fires there).
     */
    public static Result fitRiskRise(List<DeclineSample> samples, Map<String, Long> churnAt, EvaluationWindow window,
                                     int cooldownDays, RiskRiseThresholds current) {
        return fit("RISK_RISE", current.windowDays(), "no account had a calibrated risk and one " + current.windowDays()
                        + " days before it after the warm-up", samples, churnAt, window, cooldownDays,
                current.suspected(), current.imminent(), SUSPECTED_PRECISION_TARGET, IMMINENT_PRECISION_TARGET,
                MIN_FIRINGS);
    }

    public static Result fit(String rule, int windowDays, String noMeasure, List<DeclineSample> samples,
                             Map<String, Long> churnAt,
                             EvaluationWindow window, int cooldownDays, double currentSuspected,
                             double currentImminent, double suspectedTarget, double imminentTarget, int minFirings) {
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
        String missing = byAccount.isEmpty() ? noMeasure
                : byAccount.keySet().stream().noneMatch(churnAt::containsKey)
                ? "no account with a measured decline churned, so no firing can be followed by churn"
                : candidates.stream().allMatch(c -> c.judged() == 0)
                ? "no firing at any threshold can be judged yet (every one too close to the end of the log)" : null;
        if (missing != null) {
            return new Result(rule, windowDays, currentSuspected, currentImminent, false, missing, null, null,
                    candidates, suspectedTarget, imminentTarget, List.of());
        }
        Optional<Candidate> suspected = best(candidates, suspectedTarget, minFirings, 0);
        if (suspected.isEmpty()) {
            Candidate top = candidates.stream().filter(c -> c.judged() > 0)
                    .max(Comparator.comparingDouble(Candidate::precision)).orElseThrow();
            return new Result(rule, windowDays, currentSuspected, currentImminent, false, String.format(Locale.ROOT,
                    "no threshold from 0.10 to 0.95 with at least %d judged firings reaches %.0f%% precision (the best "
                            + "is %.1f%% at %.2f, %d firings)", minFirings, suspectedTarget * 100,
                    top.precision() * 100, top.threshold(), top.judged()), null, null, candidates, suspectedTarget,
                    imminentTarget, List.of());
        }
        Candidate s = suspected.get();
        Candidate imminent = best(candidates, Math.max(imminentTarget, s.precision()), minFirings,
                s.threshold() + 0.01).orElse(null);
        double highest = candidates.get(candidates.size() - 1).threshold();
        double imminentAt = imminent != null ? imminent.threshold()
                : currentImminent > s.threshold() ? currentImminent : highest;
        if (imminent == null) {
            imminent = candidates.stream().filter(c -> Math.abs(c.threshold() - imminentAt) < 1e-9).findFirst()
                    .orElse(evaluate(imminentAt, byAccount, churnAt, window, cooldownDays));
        }
        return new Result(rule, windowDays, round(s.threshold()), round(imminentAt), true, "", s, imminent,
                candidates, suspectedTarget, imminentTarget, List.of());
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
        Map<String, Double> leads = new LinkedHashMap<>();
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
                leads.put(e.getKey(), (churn - firstInHorizon) / (double) EvaluationWindow.DAY_MS);
            }
        }
        return new Candidate(round(threshold), judged, hits, unknown, new LeadTimes(List.copyOf(leads.values())),
                Map.copyOf(leads));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
