package io.healthscore.bench;

import java.util.Arrays;

/** Latency samples in milliseconds (bounded in number) and their percentiles by the nearest-rank method. */
public final class Latencies {

    private final double[] samples;
    private int size;
    private long dropped;

    public Latencies(int capacity) {
        this.samples = new double[capacity];
    }

    public synchronized void add(double millis) {
        if (size < samples.length) {
            samples[size++] = millis;
        } else {
            dropped++;
        }
    }

    public synchronized int count() {
        return size;
    }

    /** Samples not kept because the capacity was reached (reported, never silently lost). */
    public synchronized long dropped() {
        return dropped;
    }

    /** The p-th percentile (0 &lt; p &le; 100), or NaN without samples. */
    public synchronized double percentile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    public Percentiles summary() {
        return new Percentiles(percentile(50), percentile(95), percentile(99), count());
    }

    /** p50/p95/p99 in milliseconds and the number of samples they come from. */
    public record Percentiles(double p50, double p95, double p99, int samples) {
    }
}
