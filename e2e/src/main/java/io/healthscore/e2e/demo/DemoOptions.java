package io.healthscore.e2e.demo;

import java.time.Duration;
import java.util.Optional;

/**
 * The demo's command line: {@code [--accounts N] [--duration D] [--days-per-minute X] [--seed S]}. A duration
 * is {@code 120s}, {@code 5m} or an ISO-8601 duration; without one the demo runs until Ctrl-C.
 */
public record DemoOptions(int accounts, Optional<Duration> duration, double daysPerMinute, long seed) {

    static final String USAGE = "usage: ./healthscore demo [--accounts N] [--duration D] [--days-per-minute X] [--seed S]";

    public static DemoOptions parse(String[] args) {
        int accounts = 200;
        Duration duration = null;
        double daysPerMinute = 30;
        long seed = 7;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            try {
                switch (option) {
                    case "--accounts" -> accounts = Integer.parseInt(value);
                    case "--duration" -> duration = duration(value);
                    case "--days-per-minute" -> daysPerMinute = Double.parseDouble(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
                }
            } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException(option + ": not a valid value: '" + value + "'\n" + USAGE);
            }
        }
        if (accounts < 1 || accounts > 20_000) {
            throw new IllegalArgumentException("--accounts must be between 1 and 20000");
        }
        if (daysPerMinute < 1 || daysPerMinute > 240) {
            throw new IllegalArgumentException("--days-per-minute must be between 1 and 240");
        }
        return new DemoOptions(accounts, Optional.ofNullable(duration), daysPerMinute, seed);
    }

    /** {@code 120s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT2M}). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase();
        if (t.startsWith("pt") || t.startsWith("p")) {
            return Duration.parse(text.toUpperCase());
        }
        long amount = Long.parseLong(t.replaceAll("[smh]$", ""));
        Duration d = t.endsWith("m") ? Duration.ofMinutes(amount) : t.endsWith("h") ? Duration.ofHours(amount)
                : Duration.ofSeconds(amount);
        if (d.isZero() || d.isNegative()) {
            throw new NumberFormatException("not positive");
        }
        return d;
    }

    /** Days of event time the run covers (60 when it runs until stopped: the personas are drawn for that). */
    public int days() {
        return duration.map(d -> (int) Math.max(1, Math.round(d.toMillis() / 60_000.0 * daysPerMinute))).orElse(60);
    }
}
