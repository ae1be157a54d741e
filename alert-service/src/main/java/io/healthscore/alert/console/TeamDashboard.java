package io.healthscore.alert.console;

import io.healthscore.alert.store.TeamDashboardRows;
import io.healthscore.alert.store.TeamDashboardRows.Change;
import io.healthscore.alert.store.TeamDashboardRows.FlowAccount;
import io.healthscore.alert.store.TeamDashboardRows.OwnerAccounts;
import io.healthscore.alert.store.TeamDashboardRows.OwnerAlerts;
import io.healthscore.alert.store.TeamDashboardRows.OwnerComponent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpParameters;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The leader dashboard: its query (parsed strictly; anything unknown or out of range is a {@link PortfolioView.BadQuery}),
 * the figures it shows and how they are derived from {@link TeamDashboardRows}. The component pulling a CSM's portfolio
 * down most is the one whose gap to the team, weighted as the score weighs it, costs their average score the most
 * points: weight / (sum of weights) × (their average value − the team's average value).
 */
public final class TeamDashboard {

    public static final int WEEKS = 12;
    public static final int MAX_CHANGES = 50;
    public static final int MAX_CELL_ACCOUNTS = 50;
    static final Set<String> PARAMS = Set.of("period", "segment", "coverage", "points", "from", "to");
    static final List<String> PERIODS = List.of("month", "7d", "30d", "90d");
    static final List<String> LEVELS = List.of("LV1", "LV2", "LV3", "LV4");
    static final String NONE = "NONE";
    static final Set<String> AT_RISK = Set.of("LV1", "LV2");

    private TeamDashboard() {
    }

    /** The dashboard's query; {@code fromLevel}/{@code toLevel} pick one flow cell to list, both or neither. */
    public record Query(String period, @Nullable String segment, @Nullable String coverage, int points,
                        @Nullable String fromLevel, @Nullable String toLevel, Map<String, String> values) {

        public String link(String... replacements) {
            return Pages.queryLink("/console/team", values, replacements);
        }

        public String value(String name) {
            return values.getOrDefault(name, "");
        }

        /** The period's start: the first of this month (UTC), or so many days before {@code now}. */
        public Instant start(Instant now) {
            return switch (period) {
                case "7d" -> now.minus(Duration.ofDays(7));
                case "30d" -> now.minus(Duration.ofDays(30));
                case "90d" -> now.minus(Duration.ofDays(90));
                default -> LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay()
                        .toInstant(ZoneOffset.UTC);
            };
        }
    }

    public static Query parse(HttpParameters parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : parameters.names()) {
            if (!PARAMS.contains(name)) {
                throw new PortfolioView.BadQuery("query.team.unknown", shorten(name),
                        String.join(", ", new TreeSet<>(PARAMS)));
            }
            List<String> all = parameters.getAll(name);
            if (all.size() != 1) {
                throw new PortfolioView.BadQuery("query.once", name);
            }
            String v = all.get(0).strip();
            if (v.length() > 100 || v.chars().anyMatch(Character::isISOControl)) {
                throw new PortfolioView.BadQuery("query.tooLong", name, 100);
            }
            if (!v.isEmpty()) {
                values.put(name, v);
            }
        }
        String period = values.getOrDefault("period", "month");
        if (!PERIODS.contains(period)) {
            throw new PortfolioView.BadQuery("query.team.period", String.join(", ", PERIODS));
        }
        String coverage = values.get("coverage");
        if (coverage != null && !PortfolioView.COVERAGES.contains(coverage)) {
            throw new PortfolioView.BadQuery("query.coverage");
        }
        int points = 10;
        if (values.containsKey("points")) {
            try {
                points = Integer.parseInt(values.get("points"));
            } catch (NumberFormatException e) {
                points = -1;
            }
            if (points < 1 || points > 100) {
                throw new PortfolioView.BadQuery("query.number", "points", 1, 100);
            }
        }
        String from = values.get("from");
        String to = values.get("to");
        if ((from == null) != (to == null)) {
            throw new PortfolioView.BadQuery("query.team.cell");
        }
        if (from != null && (!levelOrNone(from) || !levelOrNone(to))) {
            throw new PortfolioView.BadQuery("query.team.levels");
        }
        return new Query(period, values.get("segment"), coverage, points, from, to, values);
    }

    private static boolean levelOrNone(String v) {
        return v.equals(NONE) || PortfolioView.LEVELS.contains(v);
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }

    /** The Monday (UTC) of the week {@code WEEKS - 1} weeks before the one holding {@code now}. */
    public static Instant firstWeek(Instant now) {
        return currentWeek(now).minus(Duration.ofDays(7L * (WEEKS - 1)));
    }

    /** The Monday (UTC) of the week holding {@code now}. */
    public static Instant currentWeek(Instant now) {
        LocalDate monday = LocalDate.ofInstant(now, ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return monday.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    // --- the figures ----------------------------------------------------------------------------------------------

    /** One week's bar: level counts in {@link Model#levels()} order and their total. */
    public record Week(LocalDate start, List<Long> counts, long total) {
    }

    /** The flow matrix: counts by [from][to] over {@link Model#flowLevels()}. */
    public record FlowMatrix(List<String> levels, long[][] counts) {

        public long count(int from, int to) {
            return counts[from][to];
        }

        public long total() {
            long t = 0;
            for (long[] row : counts) {
                for (long n : row) {
                    t += n;
                }
            }
            return t;
        }

        /** The moves between two different levels (both scored) with accounts, most accounts first. */
        public List<Move> moves() {
            List<Move> out = new ArrayList<>();
            for (int f = 0; f < levels.size(); f++) {
                for (int t = 0; t < levels.size(); t++) {
                    if (f != t && counts[f][t] > 0 && !levels.get(f).equals(NONE) && !levels.get(t).equals(NONE)) {
                        out.add(new Move(levels.get(f), levels.get(t), counts[f][t]));
                    }
                }
            }
            out.sort(Comparator.comparingLong(Move::accounts).reversed());
            return out;
        }
    }

    /** Accounts that went from one level to another over the period. */
    public record Move(String from, String to, long accounts) {

        public boolean up() {
            return to.compareTo(from) > 0;
        }
    }

    /** One renewal band's cell: accounts and MRR by currency. */
    public record RenewalCell(long accounts, Map<String, Long> mrrByCurrency) {
    }

    /** One row of the CSM comparison. */
    public record CsmRow(String owner, long accounts, @Nullable Double averageScore, @Nullable Double versusTeam,
                         @Nullable String pullingDown, @Nullable Double pullingDownPoints, long openAlerts,
                         long overdueAlerts, @Nullable Duration medianToAcknowledge, long acknowledged,
                         long renewalsAtRisk) {
    }

    public record Model(Pages.Frame frame, Query query, String periodStart, List<String> levels, List<Week> weeks,
                        FlowMatrix flow, List<FlowAccount> cellAccounts, Map<Integer, Map<String, RenewalCell>> renewals,
                        Map<Integer, Map<String, Long>> mrrAtRisk, List<Change> changes, String changesSince,
                        List<CsmRow> csms,
                        @Nullable Double teamAverage, List<String> team) {

        public Text t() {
            return frame.text();
        }

        public RenewalCell renewal(int band, String level) {
            return renewals.getOrDefault(band, Map.of()).getOrDefault(level, new RenewalCell(0, Map.of()));
        }

        public String money(Map<String, Long> byCurrency) {
            if (byCurrency.isEmpty()) {
                return "–";
            }
            List<String> parts = new ArrayList<>();
            byCurrency.forEach((currency, minor) -> parts.add(currency.isEmpty()
                    ? t().money(minor, null) : t().money(minor, currency)));
            return String.join(" + ", parts);
        }

        /** The x and width of each level's slice of a week's bar, of {@code width} pixels for the biggest week. */
        public List<double[]> bar(Week week, double width) {
            long max = weeks.stream().mapToLong(Week::total).max().orElse(0);
            List<double[]> out = new ArrayList<>();
            double x = 0;
            for (long n : week.counts()) {
                double w = max == 0 ? 0 : width * n / max;
                out.add(new double[] {x, w});
                x += w;
            }
            return out;
        }
    }

    /** The levels to show: Lv1–Lv4 always, any other stored level, and "no score" last when any account has it. */
    static List<String> levels(Set<String> seen) {
        TreeSet<String> levels = new TreeSet<>(LEVELS);
        seen.stream().filter(l -> !l.equals(NONE)).forEach(levels::add);
        List<String> out = new ArrayList<>(levels);
        if (seen.contains(NONE)) {
            out.add(NONE);
        }
        return out;
    }

    static List<Week> weeks(List<TeamDashboardRows.WeekLevel> rows, Instant firstWeek, List<String> levels) {
        Map<Instant, Map<String, Long>> byWeek = new TreeMap<>();
        for (int i = 0; i < WEEKS; i++) {
            byWeek.put(firstWeek.plus(Duration.ofDays(7L * i)), new HashMap<>());
        }
        rows.forEach(r -> byWeek.computeIfAbsent(r.weekStart(), k -> new HashMap<>()).put(r.level(), r.accounts()));
        List<Week> out = new ArrayList<>();
        byWeek.forEach((start, counts) -> {
            List<Long> c = levels.stream().map(l -> counts.getOrDefault(l, 0L)).toList();
            out.add(new Week(LocalDate.ofInstant(start, ZoneOffset.UTC), c, c.stream().mapToLong(Long::longValue).sum()));
        });
        return out;
    }

    /** Accounts by their level before the period (none: NONE) and their level now (none: NONE). */
    static List<TeamDashboardRows.Flow> flowRows(List<TeamDashboardRows.Latest> latest,
                                                 Map<String, TeamDashboardRows.Before> before) {
        Map<List<String>, Long> counts = new java.util.TreeMap<>(java.util.Comparator
                .comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        for (TeamDashboardRows.Latest l : latest) {
            TeamDashboardRows.Before b = before.get(l.accountId());
            counts.merge(List.of(b == null ? "NONE" : b.level(), l.level() == null ? "NONE" : l.level()), 1L, Long::sum);
        }
        return counts.entrySet().stream().map(e -> new TeamDashboardRows.Flow(e.getKey().get(0), e.getKey().get(1),
                e.getValue())).toList();
    }

    /** At most {@code limit} accounts of one flow cell, the biggest moves first (a missing score counts as 0). */
    static List<TeamDashboardRows.FlowAccount> cellAccounts(List<TeamDashboardRows.Latest> latest,
                                                            Map<String, TeamDashboardRows.Before> before,
                                                            String fromLevel, String toLevel, int limit) {
        List<TeamDashboardRows.FlowAccount> cell = new ArrayList<>();
        for (TeamDashboardRows.Latest l : latest) {
            TeamDashboardRows.Before b = before.get(l.accountId());
            if ((b == null ? "NONE" : b.level()).equals(fromLevel) && (l.level() == null ? "NONE" : l.level())
                    .equals(toLevel)) {
                cell.add(new TeamDashboardRows.FlowAccount(l.accountId(), l.name(), l.owner(),
                        b == null ? null : b.score(), l.score()));
            }
        }
        cell.sort(java.util.Comparator.comparingDouble((TeamDashboardRows.FlowAccount a) -> -Math.abs(
                (a.scoreAfter() == null ? 0 : a.scoreAfter()) - (a.scoreBefore() == null ? 0 : a.scoreBefore())))
                .thenComparing(TeamDashboardRows.FlowAccount::accountId));
        return List.copyOf(cell.subList(0, Math.min(limit, cell.size())));
    }

    /**
     * Accounts scored since {@code since} whose latest score is at least {@code points} from their last score before
     * it, or whose level differs from it; the biggest moves first, at most {@code limit}. An account first scored
     * since then has nothing to compare with and is left out.
     */
    static List<TeamDashboardRows.Change> changes(List<TeamDashboardRows.Latest> latest,
                                                  Map<String, TeamDashboardRows.Before> before, Instant since,
                                                  double points, int limit) {
        List<TeamDashboardRows.Change> out = new ArrayList<>();
        for (TeamDashboardRows.Latest l : latest) {
            TeamDashboardRows.Before b = before.get(l.accountId());
            if (b == null || l.evaluatedAt() == null || l.evaluatedAt().isBefore(since)) {
                continue;
            }
            if (Math.abs(l.score() - b.score()) >= points || !b.level().equals(l.level())) {
                out.add(new TeamDashboardRows.Change(l.accountId(), l.name(), l.owner(), b.score(), b.level(),
                        l.score(), l.level(), l.evaluatedAt()));
            }
        }
        out.sort(java.util.Comparator.comparingDouble((TeamDashboardRows.Change c) -> -Math.abs(c.after() - c.before()))
                .thenComparing(TeamDashboardRows.Change::accountId));
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    static FlowMatrix flow(List<TeamDashboardRows.Flow> rows, List<String> levels) {
        long[][] counts = new long[levels.size()][levels.size()];
        for (TeamDashboardRows.Flow f : rows) {
            int from = levels.indexOf(f.from());
            int to = levels.indexOf(f.to());
            if (from >= 0 && to >= 0) {
                counts[from][to] += f.accounts();
            }
        }
        return new FlowMatrix(levels, counts);
    }

    static Map<Integer, Map<String, RenewalCell>> renewals(List<TeamDashboardRows.Renewal> rows) {
        Map<Integer, Map<String, RenewalCell>> out = new TreeMap<>();
        for (TeamDashboardRows.Renewal r : rows) {
            Map<String, RenewalCell> band = out.computeIfAbsent(r.withinDays(), k -> new HashMap<>());
            RenewalCell old = band.getOrDefault(r.level(), new RenewalCell(0, Map.of()));
            Map<String, Long> mrr = new TreeMap<>(old.mrrByCurrency());
            if (r.mrrMinor() != null) {
                mrr.merge(r.currency() == null ? "" : r.currency(), r.mrrMinor(), Long::sum);
            }
            band.put(r.level(), new RenewalCell(old.accounts() + r.accounts(), mrr));
        }
        return out;
    }

    /** Per band, the MRR of renewals at Lv1 or Lv2, by currency. */
    static Map<Integer, Map<String, Long>> mrrAtRisk(Map<Integer, Map<String, RenewalCell>> renewals) {
        Map<Integer, Map<String, Long>> out = new TreeMap<>();
        for (int band : List.of(30, 60, 90)) {
            Map<String, Long> sum = new TreeMap<>();
            renewals.getOrDefault(band, Map.of()).forEach((level, cell) -> {
                if (AT_RISK.contains(level)) {
                    cell.mrrByCurrency().forEach((c, m) -> sum.merge(c, m, Long::sum));
                }
            });
            out.put(band, sum);
        }
        return out;
    }

    /**
     * The comparison rows, one per owner with accounts or alerts in the slice, and the team's average score (over
     * every scored account of the slice).
     */
    static List<CsmRow> csms(List<OwnerAccounts> accounts, List<OwnerAlerts> alerts, List<OwnerComponent> components,
                             @Nullable Double teamAverage) {
        Map<String, OwnerAlerts> alertsBy = new HashMap<>();
        alerts.forEach(a -> alertsBy.put(a.owner(), a));
        Map<String, double[]> team = new HashMap<>(); // component -> [sum of value x accounts, accounts]
        for (OwnerComponent c : components) {
            double[] t = team.computeIfAbsent(c.component(), k -> new double[2]);
            t[0] += c.averageValue() * c.accounts();
            t[1] += c.accounts();
        }
        Map<String, List<OwnerComponent>> componentsBy = new HashMap<>();
        components.forEach(c -> componentsBy.computeIfAbsent(c.owner(), k -> new ArrayList<>()).add(c));
        TreeSet<String> owners = new TreeSet<>();
        accounts.forEach(a -> owners.add(a.owner()));
        owners.addAll(alertsBy.keySet());
        Map<String, OwnerAccounts> accountsBy = new HashMap<>();
        accounts.forEach(a -> accountsBy.put(a.owner(), a));
        List<CsmRow> out = new ArrayList<>();
        for (String owner : owners) {
            OwnerAccounts a = accountsBy.getOrDefault(owner, new OwnerAccounts(owner, 0, 0, null, 0));
            OwnerAlerts al = alertsBy.getOrDefault(owner, new OwnerAlerts(owner, 0, 0, null, 0));
            List<OwnerComponent> own = componentsBy.getOrDefault(owner, List.of());
            double weights = own.stream().mapToDouble(OwnerComponent::averageWeight).sum();
            String worst = null;
            double worstPoints = 0;
            for (OwnerComponent c : own) {
                double[] t = team.get(c.component());
                if (weights <= 0 || t == null || t[1] == 0) {
                    continue;
                }
                double points = c.averageWeight() / weights * (c.averageValue() - t[0] / t[1]);
                if (points < worstPoints) { // components come in name order: the first of equals wins
                    worst = c.component();
                    worstPoints = points;
                }
            }
            Double versus = a.averageScore() == null || teamAverage == null ? null : a.averageScore() - teamAverage;
            out.add(new CsmRow(owner, a.accounts(), a.averageScore(), versus, worst, worst == null ? null : worstPoints,
                    al.open(), al.overdue(), al.medianToAcknowledge(), al.acknowledged(), a.renewalsAtRisk()));
        }
        return out;
    }

    /** The team's average latest score over every scored account of the slice. */
    static @Nullable Double teamAverage(List<OwnerAccounts> accounts) {
        double sum = 0;
        long n = 0;
        for (OwnerAccounts a : accounts) {
            if (a.averageScore() != null) {
                sum += a.averageScore() * a.scored();
                n += a.scored();
            }
        }
        return n == 0 ? null : sum / n;
    }
}
