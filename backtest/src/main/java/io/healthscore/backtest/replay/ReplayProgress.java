package io.healthscore.backtest.replay;

import io.healthscore.backtest.input.Throttle;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The progress line of a long replay, at most one per throttle interval: records replayed of the total, the log day
 * reached, the mean rate so far and the time left at that rate.
 */
final class ReplayProgress {

    private final long total;
    private final Consumer<String> out;
    private final Throttle throttle;
    private final LongSupplier nanoClock;
    private final long started;
    private long records;

    ReplayProgress(long total, Consumer<String> out, Throttle throttle, LongSupplier nanoClock) {
        this.total = total;
        this.out = out;
        this.throttle = throttle;
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
    }

    /** One more record read; {@code logTime} is the latest event time so far (epoch ms, or MIN_VALUE for none). */
    void record(long logTime) {
        records++;
        if (throttle.due()) {
            out.accept(line(logTime));
        }
    }

    String line(long logTime) {
        double seconds = (nanoClock.getAsLong() - started) / 1e9;
        double rate = seconds <= 0 ? 0 : records / seconds;
        String day = logTime == Long.MIN_VALUE ? "-"
                : Instant.ofEpochMilli(logTime).atZone(ZoneOffset.UTC).toLocalDate().toString();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "replayed %,d of %,d records (%.1f%%), log day %s, "
                + "%,.0f records/s", records, total, total == 0 ? 100.0 : 100.0 * records / total, day, rate));
        if (rate > 0 && total >= records) {
            line.append(", ETA ").append(duration((total - records) / rate));
        }
        return line.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
