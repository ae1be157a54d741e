package io.healthscore.backtest;

import io.healthscore.backtest.input.SortSettings;
import io.healthscore.backtest.replay.ReplaySettings;
import java.nio.file.Path;
import java.util.List;

/**
 * One backtest run.
 *
 * @param events      the JSON-lines log (plain or gzip)
 * @param mapping     the mapping file; null = the native format's mapping
 * @param outcomes    churn from a file (account, churned_at) instead of the mapping's churn rule; may be null
 * @param model       the scoring model; null = the default model bundled with scoring-streams
 * @param fit         learn component weights and write a proposed model
 * @param out         the report directory
 * @param warmupDays  days at the start of the log that are not measured (the 28-day windows fill)
 * @param horizonDays how far ahead "will churn" looks for levels, alerts and the fit
 * @param leadDays    the k of "AUC k days before churn"
 * @param replay      punctuator period and slice size
 * @param seed        seed of the cross-validation folds
 * @param maxDeadLetterShare the share of topology inputs that may be dead-lettered before the run is unusable
 * @param sort        whether and with how much memory a log out of time order is sorted (temporary files go under
 *                    {@code out} unless the settings name another directory)
 */
public record BacktestOptions(Path events, Path mapping, Path outcomes, Path model, boolean fit, Path out,
                              int warmupDays, int horizonDays, List<Integer> leadDays, ReplaySettings replay,
                              long seed, SortSettings sort, double maxDeadLetterShare) {

    public static final int DEFAULT_WARMUP_DAYS = 28;
    public static final int DEFAULT_HORIZON_DAYS = 30;
    public static final List<Integer> DEFAULT_LEAD_DAYS = List.of(7, 14, 30);

    public BacktestOptions {
        leadDays = List.copyOf(leadDays);
        if (!(maxDeadLetterShare >= 0 && maxDeadLetterShare <= 1)) {
            throw new IllegalArgumentException("the allowed dead-letter share must be 0..1, got " + maxDeadLetterShare);
        }
    }

    public static BacktestOptions of(Path events, Path out) {
        return new BacktestOptions(events, null, null, null, false, out, DEFAULT_WARMUP_DAYS, DEFAULT_HORIZON_DAYS,
                DEFAULT_LEAD_DAYS, ReplaySettings.defaults(), 42, SortSettings.defaults(),
                UsabilityCheck.DEFAULT_MAX_DEAD_LETTER_SHARE);
    }

    public BacktestOptions withMapping(Path file) {
        return new BacktestOptions(events, file, outcomes, model, fit, out, warmupDays, horizonDays, leadDays, replay,
                seed, sort, maxDeadLetterShare);
    }

    public BacktestOptions withOutcomes(Path file) {
        return new BacktestOptions(events, mapping, file, model, fit, out, warmupDays, horizonDays, leadDays, replay,
                seed, sort, maxDeadLetterShare);
    }

    public BacktestOptions withModel(Path file) {
        return new BacktestOptions(events, mapping, outcomes, file, fit, out, warmupDays, horizonDays, leadDays, replay,
                seed, sort, maxDeadLetterShare);
    }

    public BacktestOptions withFit(boolean doFit) {
        return new BacktestOptions(events, mapping, outcomes, model, doFit, out, warmupDays, horizonDays, leadDays, replay,
                seed, sort, maxDeadLetterShare);
    }

    public BacktestOptions withWarmup(int days) {
        return new BacktestOptions(events, mapping, outcomes, model, fit, out, days, horizonDays, leadDays, replay, seed,
                sort, maxDeadLetterShare);
    }

    public BacktestOptions withReplay(ReplaySettings settings) {
        return new BacktestOptions(events, mapping, outcomes, model, fit, out, warmupDays, horizonDays, leadDays, settings,
                seed, sort, maxDeadLetterShare);
    }

    public BacktestOptions withSort(SortSettings settings) {
        return new BacktestOptions(events, mapping, outcomes, model, fit, out, warmupDays, horizonDays, leadDays, replay,
                seed, settings, maxDeadLetterShare);
    }

    public BacktestOptions withMaxDeadLetterShare(double share) {
        return new BacktestOptions(events, mapping, outcomes, model, fit, out, warmupDays, horizonDays, leadDays, replay,
                seed, sort, share);
    }

    /** The sort settings with the report directory as the default place of the temporary files. */
    SortSettings sortUnderOut() {
        return sort.tempParent() != null ? sort : sort.withTempParent(out);
    }
}
