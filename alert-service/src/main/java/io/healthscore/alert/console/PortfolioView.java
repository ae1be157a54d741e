package io.healthscore.alert.console;

import io.healthscore.alert.store.PortfolioRows.Filter;
import io.healthscore.alert.store.PortfolioRows.Point;
import io.healthscore.alert.store.PortfolioRows.Row;
import io.healthscore.alert.store.PortfolioRows.Sort;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpParameters;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The portfolio page's query (parsed strictly: anything unknown or out of range is a {@link BadQuery}, shown as a 400
 * page), its model and the view helpers of its template (sparkline, changes, money).
 */
public final class PortfolioView {

    public static final int PAGE_SIZE = 50;
    public static final int MAX_SEARCH = 100;
    public static final int MAX_PAGE = 10_000;
    public static final int MAX_RENEWAL_DAYS = 730;
    static final Set<String> LEVELS = Set.of("LV1", "LV2", "LV3", "LV4", "LV5");
    static final Set<String> COVERAGES = Set.of("HIGH_TOUCH", "LOW_TOUCH", "TECH_TOUCH");
    static final Set<String> PARAMS = Set.of("view", "level", "segment", "coverage", "renewal", "alerts", "q",
            "sort", "dir", "page");

    private PortfolioView() {
    }

    /** A query parameter the page cannot take, with the reason shown to the person. */
    public static final class BadQuery extends Refusal {
        private static final long serialVersionUID = 1L;

        public BadQuery(String key, Object... args) {
            super(key, args);
        }
    }

    /** The parsed query: the store's filter, the page number and the view, plus the raw values to echo back. */
    public record Query(Filter filter, int page, boolean team, Map<String, String> values) {

        /** This query's link with some values replaced (null removes one); page resets unless given. */
        public String link(String path, String... replacements) {
            Map<String, String> v = new LinkedHashMap<>(values);
            v.remove("page");
            return Pages.queryLink(path, v, replacements);
        }

        public String value(String name) {
            return values.getOrDefault(name, "");
        }

        /** The link that sorts by {@code column}: ascending first, descending when it is already ascending. */
        public String sortLink(String column) {
            boolean current = filter.sort().name().toLowerCase(Locale.ROOT).equals(column);
            boolean nextDesc = current && !filter.descending();
            return link("/console/", "sort", column, "dir", nextDesc ? "desc" : "asc");
        }

        /** aria-sort for a column header. */
        public @Nullable String ariaSort(String column) {
            if (!filter.sort().name().toLowerCase(Locale.ROOT).equals(column)) {
                return null;
            }
            return filter.descending() ? "descending" : "ascending";
        }
    }

    /** One row of the page with its recent scores. */
    public record Line(Row row, List<Point> recent) {
    }

    public record Model(Pages.Frame frame, boolean lead, boolean team, boolean operatorOnly, Query query,
                        List<Line> lines, long total) {

        public int pages() {
            return Pages.pageCount(total, PAGE_SIZE);
        }

        /** Page numbers to link: first, last and two either side of the current one (0 marks a gap). */
        public List<Integer> pageLinks() {
            return Pages.pageLinks(query.page(), pages());
        }

        public String pageLink(int page) {
            return query.link("/console/", "page", String.valueOf(page));
        }

        public String csvLink() {
            return query.link("/console/portfolio.csv");
        }

        /** A sortable column's heading in the page's language. */
        public String columnLabel(String column) {
            return frame.t(switch (column) {
                case "account", "level", "score", "owner" -> "col." + column;
                default -> "portfolio.col." + column;
            });
        }

        /** The heading of the column the page is sorted by. */
        public String sortLabel() {
            return columnLabel(query.filter().sort().name().toLowerCase(Locale.ROOT));
        }
    }

    public static Query parse(HttpParameters parameters, boolean lead, LocalDate today) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : parameters.names()) {
            if (!PARAMS.contains(name)) {
                throw new BadQuery("query.unknown", shorten(name));
            }
            List<String> all = parameters.getAll(name);
            if (all.size() > 1) {
                throw new BadQuery("query.twice", name);
            }
            String value = all.isEmpty() ? "" : all.get(0);
            if (value.length() > MAX_SEARCH || value.chars().anyMatch(Character::isISOControl)) {
                throw new BadQuery("query.tooLong", name, MAX_SEARCH);
            }
            if (!value.isBlank()) {
                values.put(name, value.strip());
            }
        }
        String view = values.get("view");
        if (view != null && !view.equals("mine") && !view.equals("team")) {
            throw new BadQuery("query.view");
        }
        boolean team = lead && "team".equals(view);
        String level = values.get("level");
        if (level != null && !LEVELS.contains(level)) {
            throw new BadQuery("query.level");
        }
        String coverage = values.get("coverage");
        if (coverage != null && !COVERAGES.contains(coverage)) {
            throw new BadQuery("query.coverage");
        }
        Integer renewal = values.containsKey("renewal")
                ? number(values.get("renewal"), "renewal", 1, MAX_RENEWAL_DAYS) : null;
        String alerts = values.get("alerts");
        if (alerts != null && !alerts.equals("open")) {
            throw new BadQuery("query.alerts");
        }
        Sort sort;
        try {
            sort = Sort.valueOf(values.getOrDefault("sort", "level").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadQuery("query.sort");
        }
        String dir = values.getOrDefault("dir", "asc");
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw new BadQuery("query.dir");
        }
        int page = values.containsKey("page") ? number(values.get("page"), "page", 1, MAX_PAGE) : 1;
        return new Query(new Filter(level, values.get("segment"), coverage, renewal, alerts != null,
                values.get("q"), sort, dir.equals("desc"), today), page, team, values);
    }

    private static int number(String value, String name, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadQuery("query.number", name, min, max);
    }

    private static String shorten(String s) {
        String printable = s.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }

    // --- view helpers -------------------------------------------------------------------------------------------

    static final int SPARK_WIDTH = 120;
    static final int SPARK_HEIGHT = 24;

    /** The last 30 days of scores as SVG polyline points (x by time, y by score 0..100), "" without two scores. */
    public static String sparkPoints(Line line) {
        List<Point> points = window(line, 30);
        if (points.size() < 2) {
            return "";
        }
        Instant end = points.get(points.size() - 1).at();
        Instant start = end.minus(Duration.ofDays(30));
        double span = Duration.between(start, end).toSeconds();
        StringBuilder b = new StringBuilder();
        for (Point p : points) {
            double x = Duration.between(start, p.at()).toSeconds() / span * SPARK_WIDTH;
            double y = SPARK_HEIGHT - Math.max(0, Math.min(100, p.score())) / 100.0 * SPARK_HEIGHT;
            b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return b.toString().strip();
    }

    /** The sparkline's text alternative, in the page's language. */
    public static String sparkText(Line line, Text text) {
        List<Point> points = window(line, 30);
        if (points.isEmpty()) {
            return text.t("portfolio.spark.none");
        }
        double low = points.stream().mapToDouble(Point::score).min().orElse(0);
        double high = points.stream().mapToDouble(Point::score).max().orElse(0);
        return text.t("portfolio.spark", points.size(), text.number(points.get(0).score(), 1),
                text.number(points.get(points.size() - 1).score(), 1), text.number(low, 1), text.number(high, 1));
    }

    /** Latest score minus the latest one at least {@code days} days older; null without one. */
    public static @Nullable Double change(Line line, int days) {
        List<Point> recent = line.recent();
        if (recent.isEmpty()) {
            return null;
        }
        Point last = recent.get(recent.size() - 1);
        Instant cutoff = last.at().minus(Duration.ofDays(days));
        Point before = null;
        for (Point p : recent) {
            if (!p.at().isAfter(cutoff)) {
                before = p;
            }
        }
        return before == null ? null : last.score() - before.score();
    }

    /** "▲", "▼" or "=" for a change (decorative; the text says it too). */
    public static String arrow(@Nullable Double change) {
        if (change == null) {
            return "";
        }
        return Math.abs(change) < 0.05 ? "=" : change > 0 ? "▲" : "▼";
    }

    /** What a screen reader hears for a change, in the page's language. */
    public static String changeText(@Nullable Double change, int days, Text text) {
        if (change == null) {
            return text.t("portfolio.change.none", days);
        }
        if (Math.abs(change) < 0.05) {
            return text.t("portfolio.change.same", days);
        }
        return text.t(change > 0 ? "portfolio.change.up" : "portfolio.change.down", text.number(Math.abs(change), 1),
                days);
    }

    /** "EUR 1,234.50" from minor units and the currency's own fraction digits; "–" without an amount. */
    public static String money(@Nullable Long minor, @Nullable String currency) {
        if (minor == null) {
            return "–";
        }
        int digits = 2;
        String code = currency == null ? "" : currency.strip().toUpperCase(Locale.ROOT);
        try {
            Currency c = Currency.getInstance(code);
            digits = Math.max(0, c.getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            code = code.isEmpty() ? "" : code.replaceAll("[^A-Z]", "");
        }
        DecimalFormat format = new DecimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits),
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        String amount = format.format(BigDecimal.valueOf(minor, digits));
        return code.isEmpty() ? amount : code + " " + amount;
    }

    private static List<Point> window(Line line, int days) {
        List<Point> recent = line.recent();
        if (recent.isEmpty()) {
            return recent;
        }
        Instant cutoff = recent.get(recent.size() - 1).at().minus(Duration.ofDays(days));
        return recent.stream().filter(p -> !p.at().isBefore(cutoff)).toList();
    }

    // --- CSV ------------------------------------------------------------------------------------------------------

    /** A CSV cell: quoted when needed, and a leading =, +, -, @, tab or CR neutralised with an apostrophe. */
    public static String csvCell(@Nullable Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                ) {
            s = '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    static String csvLine(Object... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(csvCell(cells[i]));
        }
        return b.append("\r\n").toString();
    }

    static String csvRow(Row r) {
        return csvLine(r.accountId(), r.name(), r.level() == null ? null : Pages.levelText(r.level()),
                r.score() == null ? null : Pages.score(r.score()),
                r.mrrMinor() == null ? null : BigDecimal.valueOf(r.mrrMinor(), fractionDigits(r.currency()))
                        .toPlainString(), r.currency(), r.renewalDate(), r.openAlerts(),
                r.lastActivity() == null ? null : LocalDate.ofInstant(r.lastActivity(), java.time.ZoneOffset.UTC),
                r.coverageModel(), r.segment(), r.owner());
    }

    static final String CSV_HEADER = csvLine("account_id", "name", "level", "score", "mrr", "currency",
            "renewal_date", "open_alerts", "last_activity", "coverage_model", "segment", "owner");

    private static int fractionDigits(@Nullable String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency == null ? "" : currency.strip()
                    .toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }
}
