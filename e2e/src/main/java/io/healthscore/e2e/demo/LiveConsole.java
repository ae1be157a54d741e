package io.healthscore.e2e.demo;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints one status line of the demo: day, events per second, levels, transitions, alerts, deliveries. */
final class LiveConsole {

    private final PrintStream out;
    private long lastEvents;
    private long lastNanos = System.nanoTime();

    LiveConsole(PrintStream out) {
        this.out = out;
    }

    void print(DemoFigures f) {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastNanos) / 1e9);
        long rate = Math.round((f.events() - lastEvents) / seconds);
        lastEvents = f.events();
        lastNanos = now;
        out.printf("day %3d | %,9d events (%,6d/s) | scored %d | %s | transitions %,d | alerts %s [%s] | delivered %s | emails caught %,d%n",
                f.day(), f.events(), rate, f.accountsScored(), join(f.levels()), f.transitions(), join(f.alerts()),
                join(f.alertsByRule()), join(f.deliveries()), f.emailsCaught());
        out.flush();
    }

    private static String join(Map<String, Long> counts) {
        return counts.isEmpty() ? "-" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
