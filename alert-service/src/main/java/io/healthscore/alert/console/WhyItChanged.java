package io.healthscore.alert.console;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dated causes of an account's last score movements, biggest drag first. A score is
 * {@code sum(w_i * v_i) / sum(w_i)} over the components with data, so between two consecutive scores a component
 * with data in both moved the score by {@code (v_after - v_before) * w / W_after} points, {@code W_after} the weight
 * with data in the later score; each move of at least {@link #MIN_POINTS} is one cause, ordered by points ascending
 * (the largest fall first). What a component gaining or losing data shifts (the coverage) is no component's cause.
 */
public final class WhyItChanged {

    /** Moves smaller than this (rounding, noise) are not worth a line. */
    static final double MIN_POINTS = 0.05;

    /** One component of a score: value 0..100 (null without data), its weight and the input behind it. */
    public record Component(String name, @Nullable Double value, double weight, @Nullable String measure) {
    }

    /** One stored score with its components. */
    public record Point(Instant at, double score, List<Component> components) {
    }

    /** One component's move between two scores, in score points (negative = drag). */
    public record Cause(String component, double from, double to, double points, Instant since, Instant until) {

        /** "Active users fell from 12 to 3 (−6.3 points) between 1 Nov and 8 Nov", in {@code text}'s words. */
        public String text(Text text) {
            return text.t(to < from ? "why.fell" : "why.rose", text.component(component), number(from), number(to),
                    text.signed(points, 1), text.shortDate(since), text.shortDate(until));
        }
    }

    private WhyItChanged() {
    }

    /**
     * @param points scores in time order (oldest first)
     * @param limit at most this many causes
     */
    public static List<Cause> causes(List<Point> points, int limit) {
        List<Cause> causes = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            Point before = points.get(i - 1);
            Point after = points.get(i);
            double used = usedWeight(after);
            if (used <= 0) {
                continue;
            }
            Map<String, Component> beforeByName = byName(before);
            for (Component c : after.components()) {
                Component old = beforeByName.get(c.name());
                if (old == null || old.value() == null || c.value() == null) {
                    continue; // a component gaining or losing its data is a coverage change, not a movement
                }
                double moved = (c.value() - old.value()) * c.weight() / used;
                if (Math.abs(moved) >= MIN_POINTS) {
                    causes.add(new Cause(c.name(), old.value(), c.value(), moved, before.at(), after.at()));
                }
            }
        }
        causes.sort(Comparator.comparingDouble(Cause::points).thenComparing(Cause::until, Comparator.reverseOrder()));
        return causes.size() > limit ? List.copyOf(causes.subList(0, limit)) : List.copyOf(causes);
    }

    private static double usedWeight(Point p) {
        return p.components().stream().filter(c -> c.value() != null).mapToDouble(Component::weight).sum();
    }

    private static Map<String, Component> byName(Point p) {
        Map<String, Component> out = new HashMap<>();
        p.components().forEach(c -> out.put(c.name(), c));
        return out;
    }

    /** "ACTIVE_USERS" as "Active users". */
    static String label(String name) {
        String words = name.replace('_', ' ').toLowerCase(Locale.ROOT);
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

}
