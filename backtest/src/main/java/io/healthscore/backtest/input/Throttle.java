package io.healthscore.backtest.input;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Says when a progress line is due: at most one per interval, however often it is asked. */
public final class Throttle {

    /** How often long steps report. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long next;

    public Throttle(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.next = nanoClock.getAsLong() + intervalNanos;
    }

    public static Throttle everyFewSeconds() {
        return new Throttle(DEFAULT_INTERVAL, System::nanoTime);
    }

    public boolean due() {
        long now = nanoClock.getAsLong();
        if (now - next < 0) {
            return false;
        }
        next = now + intervalNanos;
        return true;
    }
}
