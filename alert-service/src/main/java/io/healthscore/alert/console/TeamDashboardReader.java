package io.healthscore.alert.console;

import io.healthscore.alert.config.ConsoleConfig;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Scope;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.TeamDashboardRows;
import io.healthscore.alert.store.TeamDashboardRows.Slice;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the leader dashboard of a lead's scope ({@link Scope#of}) in one transaction. */
@Singleton
public final class TeamDashboardReader {

    /** Median time to acknowledge counts alerts raised within this long. */
    static final Duration ACKNOWLEDGE_LOOKBACK = Duration.ofDays(90);

    /** How long the past weeks' level counts are reused: a late score in a past week shows within this. */
    static final Duration PAST_WEEKS_FOR = Duration.ofMinutes(10);
    private static final int PAST_WEEKS_SLICES = 256;

    private record PastWeeksKey(Slice slice, Instant firstWeek) {
    }

    private record PastWeeks(List<TeamDashboardRows.WeekLevel> rows, Instant readAt) {
    }

    private final Map<PastWeeksKey, PastWeeks> pastWeeks = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PastWeeksKey, PastWeeks> eldest) {
            return size() > PAST_WEEKS_SLICES;
        }
    };
    /**
     * The flow's and the change feed's "before" (each account's last score before the period's start, before 24 hours
     * ago) is read for starts rounded down to this step and kept as long: a page asked for every few seconds reads it
     * once per step, and a late score before the start shows within it.
     */
    static final Duration BEFORE_STEP = Duration.ofMinutes(10);
    /** At most this many accounts' "before" are kept over all slices and starts (about 150 bytes each). */
    static final int BEFORE_ACCOUNTS = 200_000;

    private record BeforeKey(Slice slice, Instant bound) {
    }

    private record BeforeRead(Map<String, TeamDashboardRows.Before> rows, Instant readAt) {
    }

    private final LinkedHashMap<BeforeKey, BeforeRead> before = new LinkedHashMap<>(16, 0.75f, true);
    private int beforeAccounts;
    private final Database db;
    private final TeamDashboardRows rows;
    private final ConsoleConfig config;

    public TeamDashboardReader(Database db, TeamDashboardRows rows, ConsoleConfig config) {
        this.db = db;
        this.rows = rows;
        this.config = config;
    }

    /**
     * The level counts at the end of each past week (the current one is read from the latest scores each time). They
     * are the dashboard's costliest read, a look-up per account and week, and change only when a late score lands in a
     * past week: kept for {@link #PAST_WEEKS_FOR} per team slice.
     */
    private List<TeamDashboardRows.WeekLevel> pastWeeks(java.sql.Connection c, Slice slice, Instant firstWeek,
                                                         Instant now) throws java.sql.SQLException {
        PastWeeksKey key = new PastWeeksKey(slice, firstWeek);
        PastWeeks cached;
        synchronized (pastWeeks) {
            cached = pastWeeks.get(key);
        }
        if (cached != null && cached.readAt().plus(PAST_WEEKS_FOR).isAfter(now)) {
            return cached.rows();
        }
        List<TeamDashboardRows.WeekLevel> read = List.copyOf(rows.weekly(c, slice, firstWeek,
                TeamDashboard.WEEKS - 1, TeamDashboard.currentWeek(now)));
        synchronized (pastWeeks) {
            pastWeeks.put(key, new PastWeeks(read, now));
        }
        return read;
    }

    /** {@code at} rounded down to {@link #BEFORE_STEP} (whole steps since the epoch). */
    static Instant step(Instant at) {
        long step = BEFORE_STEP.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), step) * step);
    }

    /** Each account's last score before {@code bound} (a step), read once per slice and step. */
    private Map<String, TeamDashboardRows.Before> before(java.sql.Connection c, Slice slice, Instant bound,
                                                         Instant now) throws java.sql.SQLException {
        BeforeKey key = new BeforeKey(slice, bound);
        synchronized (before) {
            BeforeRead cached = before.get(key);
            if (cached != null && cached.readAt().plus(BEFORE_STEP).isAfter(now)) {
                return cached.rows();
            }
        }
        Map<String, TeamDashboardRows.Before> read = Map.copyOf(rows.before(c, slice, bound));
        synchronized (before) {
            BeforeRead old = before.put(key, new BeforeRead(read, now));
            beforeAccounts += read.size() - (old == null ? 0 : old.rows().size());
            var eldest = before.entrySet().iterator();
            while (beforeAccounts > BEFORE_ACCOUNTS && eldest.hasNext()) {
                var e = eldest.next();
                if (!e.getKey().equals(key)) {
                    beforeAccounts -= e.getValue().rows().size();
                    eldest.remove();
                }
            }
        }
        return read;
    }

    public TeamDashboard.Model read(Pages.Frame frame, Person person, TeamDashboard.Query query, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant start = step(query.start(now));
        Instant changesSince = step(now.minus(Duration.ofHours(24)));
        Instant firstWeek = TeamDashboard.firstWeek(now);
        Slice slice = new Slice(Scope.of(person).owners(), query.segment(), query.coverage());
        return db.inTransaction(c -> {
            List<TeamDashboardRows.WeekLevel> weekly = new ArrayList<>(pastWeeks(c, slice, firstWeek, now));
            weekly.addAll(rows.levelsNow(c, slice, TeamDashboard.currentWeek(now)));
            List<TeamDashboardRows.Latest> latest = rows.latest(c, slice);
            Map<String, TeamDashboardRows.Before> atStart = before(c, slice, start, now);
            List<TeamDashboardRows.Flow> flow = TeamDashboard.flowRows(latest, atStart);
            List<TeamDashboardRows.Renewal> renewals = rows.renewals(c, slice, today);
            Set<String> seen = new HashSet<>();
            weekly.forEach(w -> seen.add(w.level()));
            flow.forEach(f -> {
                seen.add(f.from());
                seen.add(f.to());
            });
            renewals.forEach(r -> seen.add(r.level()));
            List<String> levels = TeamDashboard.levels(seen);
            List<TeamDashboardRows.OwnerAccounts> owners = rows.ownerAccounts(c, slice, today);
            Double teamAverage = TeamDashboard.teamAverage(owners);
            List<TeamDashboard.CsmRow> csms = TeamDashboard.csms(owners,
                    rows.ownerAlerts(c, slice, now, config.acknowledgeWithin(), now.minus(ACKNOWLEDGE_LOOKBACK)),
                    rows.ownerComponents(c, slice), teamAverage);
            var renewalCells = TeamDashboard.renewals(renewals);
            return new TeamDashboard.Model(frame, query, frame.text().time(start), levels,
                    TeamDashboard.weeks(weekly, firstWeek, levels), TeamDashboard.flow(flow, levels),
                    query.fromLevel() == null ? List.of() : TeamDashboard.cellAccounts(latest, atStart,
                            query.fromLevel(), query.toLevel(), TeamDashboard.MAX_CELL_ACCOUNTS),
                    renewalCells, TeamDashboard.mrrAtRisk(renewalCells),
                    TeamDashboard.changes(latest, before(c, slice, changesSince, now), changesSince, query.points(),
                            TeamDashboard.MAX_CHANGES),
                    frame.text().time(changesSince), csms, teamAverage, slice.owners());
        });
    }
}
