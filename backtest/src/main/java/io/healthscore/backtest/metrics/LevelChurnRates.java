package io.healthscore.backtest.metrics;

import io.healthscore.avro.HealthLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * Churn within the horizon per level: of all (account, midnight) samples at level Lv, the share whose account
 * churned within the horizon after. A score that means something gives rates that fall from Lv1 to Lv4.
 */
public final class LevelChurnRates {

    private LevelChurnRates() {
    }

    /** One level's samples and churned samples. */
    public record LevelRate(HealthLevel level, long samples, long churned) {
        public double rate() {
            return samples == 0 ? Double.NaN : churned / (double) samples;
        }
    }

    /** The rates per level and whether they fall monotonically (levels without samples are skipped). */
    public record Result(List<LevelRate> levels, boolean monotonic) {
    }

    public static Result compute(List<Snapshot> snapshots) {
        long[] samples = new long[HealthLevel.values().length];
        long[] churned = new long[samples.length];
        for (Snapshot s : snapshots) {
            if (s.level() < 0) {
                continue;
            }
            samples[s.level()]++;
            if (s.churned()) {
                churned[s.level()]++;
            }
        }
        List<LevelRate> levels = new ArrayList<>();
        boolean monotonic = true;
        double previous = Double.POSITIVE_INFINITY;
        for (HealthLevel level : HealthLevel.values()) {
            LevelRate rate = new LevelRate(level, samples[level.ordinal()], churned[level.ordinal()]);
            levels.add(rate);
            if (rate.samples() > 0) {
                monotonic &= rate.rate() <= previous;
                previous = rate.rate();
            }
        }
        return new Result(List.copyOf(levels), monotonic);
    }
}
