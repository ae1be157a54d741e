package io.healthscore.alert.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of an account's score chart, drawn on the server as inline SVG: time runs left to right over
 * {@code days} days ending at {@code end}, scores 0..100 bottom to top, {@code x = left + (t - start) / span * plotWidth},
 * {@code y = top + (100 - score) / 100 * plotHeight}. Points and markers outside the window are left out.
 */
public final class ScoreChart {

    public static final int WIDTH = 960;
    public static final int HEIGHT = 260;
    static final int LEFT = 44;
    static final int RIGHT = 12;
    static final int TOP = 10;
    static final int BOTTOM = 30;

    /** A score at a time. */
    public record Point(Instant at, double score) {
    }

    /** Something that happened at a time: an alert, a level change, a model change; kind is a CSS-safe word. */
    public record Marker(Instant at, String kind, String label) {
    }

    /** A level band between two scores, for the background. */
    public record Band(String level, double y, double height) {
    }

    private final Instant start;
    private final Instant end;
    private final double[] thresholds;

    /** @param thresholds the scores where Lv2, Lv3 and Lv4 begin, ascending */
    public ScoreChart(Instant end, int days, double... thresholds) {
        this.end = end;
        this.start = end.minus(Duration.ofDays(days));
        this.thresholds = thresholds.clone();
    }

    public double x(Instant t) {
        double span = Duration.between(start, end).toMillis();
        return round(LEFT + Duration.between(start, t).toMillis() / span * (WIDTH - LEFT - RIGHT));
    }

    public double y(double score) {
        double clamped = Math.max(0, Math.min(100, score));
        return round(TOP + (100 - clamped) / 100 * (HEIGHT - TOP - BOTTOM));
    }

    public boolean inWindow(Instant t) {
        return !t.isBefore(start) && !t.isAfter(end);
    }

    /** The "x,y x,y" of an SVG polyline through the points in the window, in time order. */
    public String polyline(List<Point> points) {
        List<String> xy = new ArrayList<>();
        points.stream().filter(p -> inWindow(p.at())).sorted(java.util.Comparator.comparing(Point::at))
                .forEach(p -> xy.add(fmt(x(p.at())) + "," + fmt(y(p.score()))));
        return String.join(" ", xy);
    }

    /** Lv1 at the bottom to Lv4 at the top, each from its threshold to the next. */
    public List<Band> bands() {
        List<Band> bands = new ArrayList<>();
        double lower = 0;
        for (int i = 0; i <= thresholds.length; i++) {
            double upper = i < thresholds.length ? thresholds[i] : 100;
            bands.add(new Band("LV" + (i + 1), y(upper), round(y(lower) - y(upper))));
            lower = upper;
        }
        return bands;
    }

    /** The whole chart as SVG markup, with a title and description for assistive technology. */
    public String svg(List<Point> points, List<Marker> markers, String title, Text text) {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"score-chart\" id=\"score-chart\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"chart-title\">")
                .append("<title id=\"chart-title\">").append(escape(title)).append("</title>");
        for (Band b : bands()) {
            s.append("<rect class=\"band band-").append(b.level().toLowerCase(Locale.ROOT)).append("\" x=\"")
                    .append(LEFT).append("\" y=\"").append(fmt(b.y())).append("\" width=\"")
                    .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(fmt(b.height())).append("\"/>")
                    .append("<text class=\"band-label\" x=\"").append(WIDTH - RIGHT - 4).append("\" y=\"")
                    .append(fmt(b.y() + 14)).append("\" text-anchor=\"end\">")
                    .append(Pages.levelText(b.level())).append("</text>");
        }
        for (int score = 0; score <= 100; score += 20) {
            s.append("<text class=\"axis\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y(score) + 4))
                    .append("\" text-anchor=\"end\">").append(score).append("</text>");
        }
        for (int i = 0; i <= 6; i++) {
            Instant t = start.plus(Duration.between(start, end).multipliedBy(i).dividedBy(6));
            s.append("<text class=\"axis\" x=\"").append(fmt(x(t))).append("\" y=\"").append(HEIGHT - 10)
                    // The first and last labels are anchored inwards so that the plot's edges do not clip them.
                    .append("\" text-anchor=\"").append(i == 0 ? "start" : i == 6 ? "end" : "middle").append("\">")
                    .append(escape(text.shortDate(t))).append("</text>");
        }
        for (Marker m : markers) {
            if (inWindow(m.at())) {
                s.append("<line class=\"marker marker-").append(escape(m.kind())).append("\" x1=\"")
                        .append(fmt(x(m.at()))).append("\" x2=\"").append(fmt(x(m.at()))).append("\" y1=\"")
                        .append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"><title>")
                        .append(escape(m.label())).append("</title></line>");
            }
        }
        s.append("<polyline class=\"score-line\" fill=\"none\" points=\"").append(polyline(points)).append("\"/>");
        return s.append("</svg>").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
