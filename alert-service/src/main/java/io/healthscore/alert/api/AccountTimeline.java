package io.healthscore.alert.api;

import io.healthscore.alert.config.TimelineConfig;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.alert.store.NoteRepository;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.alert.store.ScoreRecord;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.alert.store.TransitionRecord;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An account's scores, level transitions, alerts, deliveries and notes merged in time order, one page at a time: the
 * newest {@code limit} entries before {@code before}, oldest first, and the cursor for the page before them. A
 * page ends at an instant boundary, so the entries of one instant (an alert's deliveries share it) are never split
 * between pages; the page may then hold more than {@code limit} entries, at most {@code api.timeline.max-limit}
 * of each kind at that instant.
 */
@Singleton
public final class AccountTimeline {

    /** Entries in time order, and the {@code before} of the previous page, null when there is none. */
    public record Page(List<TimelineEntry> entries, @Nullable Instant nextBefore) {
    }

    /** Time order; at one instant scores, transitions, alerts, deliveries, then notes, each by id. */
    private static final Comparator<TimelineEntry> TIME_ORDER = Comparator.comparing(TimelineEntry::at)
            .thenComparing(e -> List.of("score", "transition", "alert", "delivery", "note").indexOf(e.kind()))
            .thenComparing(e -> e.ref() == null ? "" : e.ref(), Comparator.comparing(String::length)
                    .thenComparing(Comparator.naturalOrder()));
    /** Later than anything stored, for the newest page. */
    private static final Instant NEWEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Database db;
    private final AlertRepository alerts;
    private final DeliveryRepository deliveries;
    private final HistoryRepository history;
    private final TimelineConfig config;
    private final ProfileRepository profiles;
    private final NoteRepository notes;

    public AccountTimeline(Database db, AlertRepository alerts, DeliveryRepository deliveries,
                           HistoryRepository history, TimelineConfig config, ProfileRepository profiles,
                           NoteRepository notes) {
        this.notes = notes;
        this.config = config;
        this.profiles = profiles;
        this.db = db;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.history = history;
    }

    /**
     * @param before exclusive upper bound, null for the newest page
     * @throws ApiException 403 when the account is not in the actor's scope
     */
    public Page page(Actor actor, String accountId, @Nullable Instant before, int limit) {
        Instant upper = before != null ? before : NEWEST;
        return db.inTransaction(c -> {
            if (!actor.scope().unrestricted() && !actor.scope().allows(profiles.ownerOf(c, accountId).orElse(null))) {
                throw AlertInbox.forbidden("account '" + accountId + "'");
            }
            // Up to limit + 1 of each kind: the newest limit of the merge are among them, and one more says
            // whether anything older is left.
            List<TimelineEntry> newest = before(c, accountId, upper, limit + 1);
            newest.sort(TIME_ORDER.reversed());
            if (newest.size() <= limit) {
                return new Page(inTimeOrder(newest), null);
            }
            Instant boundary = newest.get(limit - 1).at();
            List<TimelineEntry> page = new ArrayList<>(newest.stream().filter(e -> e.at().isAfter(boundary)).toList());
            page.addAll(at(c, accountId, boundary, config.maxLimit()));
            return new Page(inTimeOrder(page), boundary);
        });
    }

    private List<TimelineEntry> before(Connection c, String accountId, Instant before, int limit)
            throws SQLException {
        List<TimelineEntry> entries = new ArrayList<>();
        history.scoresBefore(c, accountId, before, limit).forEach(s -> entries.add(entry(s)));
        history.transitionsBefore(c, accountId, before, limit).forEach(t -> entries.add(entry(t)));
        alerts.forAccountBefore(c, accountId, before, limit).forEach(a -> entries.add(entry(a)));
        deliveries.forAccountBefore(c, accountId, before, limit).forEach(d -> entries.add(entry(d)));
        notes.forAccountBefore(c, accountId, before, limit).forEach(n -> entries.add(entry(n)));
        return entries;
    }

    private List<TimelineEntry> at(Connection c, String accountId, Instant at, int limit) throws SQLException {
        List<TimelineEntry> entries = new ArrayList<>();
        history.scoresAt(c, accountId, at).forEach(s -> entries.add(entry(s)));
        history.transitionsAt(c, accountId, at, limit).forEach(t -> entries.add(entry(t)));
        alerts.forAccountAt(c, accountId, at, limit).forEach(a -> entries.add(entry(a)));
        deliveries.forAccountAt(c, accountId, at, limit).forEach(d -> entries.add(entry(d)));
        notes.forAccountAt(c, accountId, at, limit).forEach(n -> entries.add(entry(n)));
        return entries;
    }

    private static List<TimelineEntry> inTimeOrder(List<TimelineEntry> entries) {
        List<TimelineEntry> sorted = new ArrayList<>(entries);
        sorted.sort(TIME_ORDER);
        return sorted;
    }

    private static TimelineEntry entry(ScoreRecord s) {
        return new TimelineEntry(s.evaluatedAt(), "score",
                String.format(Locale.ROOT, "score %.1f (%s)", s.score(), s.level()), null);
    }

    private static TimelineEntry entry(TransitionRecord t) {
        return new TimelineEntry(t.transitionedAt(), "transition",
                t.fromLevel() + " -> " + t.toLevel() + " (" + t.direction() + "): " + String.join("; ", t.reasons()),
                null);
    }

    private static TimelineEntry entry(StoredAlert a) {
        return new TimelineEntry(a.raisedAt(), "alert", a.severity() + " " + a.rule() + " [" + a.status() + "]: "
                + String.join("; ", a.reasons()), a.alertId());
    }

    private static TimelineEntry entry(NoteRepository.Note n) {
        return new TimelineEntry(n.createdAt(), "note", n.author() + ": " + n.body(), n.noteId());
    }

    private static TimelineEntry entry(Delivery d) {
        return new TimelineEntry(d.createdAt(), "delivery", d.channel() + " " + d.status()
                + (d.idempotencyKey().startsWith("escalation:") ? " (escalation)" : ""), Long.toString(d.id()));
    }
}
