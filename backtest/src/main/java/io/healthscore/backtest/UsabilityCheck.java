package io.healthscore.backtest;

import io.healthscore.backtest.metrics.AlertQuality;
import io.healthscore.backtest.metrics.Auc;
import io.healthscore.backtest.metrics.LeadTimeAuc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a finished backtest measured anything: a run is unusable when more than the allowed share of its topology
 * inputs was dead-lettered (the replay saw a different log from the one given), when no account was scored, or when
 * a headline measure is undefined (an AUC without churners or non-churners, alert precision without alerts, recall
 * without churners). Each reason is a sentence for the user; none means usable.
 */
final class UsabilityCheck {

    static final double DEFAULT_MAX_DEAD_LETTER_SHARE = 0.2;

    private UsabilityCheck() {
    }

    static List<String> reasons(long inputs, long deadLetters, Map<String, Long> deadLettersByReason,
                                int scoredAccounts, Map<Integer, LeadTimeAuc.Result> scoreAuc, Auc.Result anyDay,
                                AlertQuality.Result alerts, double maxDeadLetterShare) {
        List<String> reasons = new ArrayList<>();
        double share = inputs == 0 ? 0 : deadLetters / (double) inputs;
        if (share > maxDeadLetterShare) {
            String top = deadLettersByReason.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey())).orElse("(no reason given)");
            reasons.add(String.format(Locale.ROOT, "%.1f%% of the %,d topology inputs were dead-lettered (more than the "
                    + "%s allowed by --max-dead-letters); most of them: %s", share * 100, inputs, percent(maxDeadLetterShare),
                    top));
        }
        if (scoredAccounts == 0) {
            reasons.add("no account was scored");
        }
        scoreAuc.forEach((k, v) -> {
            if (Double.isNaN(v.auc().auc())) {
                reasons.add("AUC of the score " + k + " days before churn is undefined: " + aucGap(v.auc()));
            }
        });
        if (Double.isNaN(anyDay.auc())) {
            reasons.add("AUC of the score on any day is undefined: " + aucGap(anyDay));
        }
        if (Double.isNaN(alerts.overall().precision())) {
            reasons.add("alert precision is undefined: no alert was raised after the warm-up");
        }
        if (Double.isNaN(alerts.recall())) {
            reasons.add("alert recall is undefined: no churner after the warm-up");
        }
        return List.copyOf(reasons);
    }

    private static String aucGap(Auc.Result auc) {
        return auc.positives() == 0 ? "no churner could be measured" : "no account that stayed could be measured";
    }

    static String percent(double share) {
        double p = share * 100;
        return p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%s%%", p);
    }
}
