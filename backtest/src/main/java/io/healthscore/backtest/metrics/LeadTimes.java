package io.healthscore.backtest.metrics;

import java.util.List;

/**
 * Lead times in days (churn time - first alert in the horizon before it), one per churner warned, with their
 * median and quartiles (linear interpolation between the closest ranks); NaN for no lead times at all.
 */
public record LeadTimes(List<Double> days) {

    public static final LeadTimes NONE = new LeadTimes(List.of());

    public LeadTimes {
        days = days.stream().sorted().toList();
    }

    public int count() {
        return days.size();
    }

    public double median() {
        return quantile(0.5);
    }

    public double p25() {
        return quantile(0.25);
    }

    public double p75() {
        return quantile(0.75);
    }

    public double quantile(double q) {
        if (days.isEmpty()) {
            return Double.NaN;
        }
        double rank = q * (days.size() - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, days.size() - 1);
        return days.get(below) + (rank - below) * (days.get(above) - days.get(below));
    }
}
