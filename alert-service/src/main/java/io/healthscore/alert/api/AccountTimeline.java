package io.healthscore.alert.api;

import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.alert.store.ScoreRecord;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.alert.store.TransitionRecord;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** An account's scores, level transitions, alerts and deliveries merged in time order. */
@Singleton
public final class AccountTimeline {

    private final Database db;
    private final AlertRepository alerts;
    private final DeliveryRepository deliveries;
    private final HistoryRepository history;

    public AccountTimeline(Database db, AlertRepository alerts, DeliveryRepository deliveries,
                           HistoryRepository history) {
        this.db = db;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.history = history;
    }

    public List<TimelineEntry> of(String accountId) {
        return db.inTransaction(c -> {
            List<TimelineEntry> entries = new ArrayList<>();
            for (ScoreRecord s : history.scores(c, accountId)) {
                entries.add(new TimelineEntry(s.evaluatedAt(), "score",
                        String.format(Locale.ROOT, "score %.1f (%s)", s.score(), s.level()), null));
            }
            for (TransitionRecord t : history.transitions(c, accountId)) {
                entries.add(new TimelineEntry(t.transitionedAt(), "transition",
                        t.fromLevel() + " -> " + t.toLevel() + " (" + t.direction() + "): " + String.join("; ", t.reasons()),
                        null));
            }
            for (StoredAlert a : alerts.forAccount(c, accountId)) {
                entries.add(new TimelineEntry(a.raisedAt(), "alert", a.severity() + " " + a.rule() + " ["
                        + a.status() + "]: " + String.join("; ", a.reasons()), a.alertId()));
            }
            for (Delivery d : deliveries.forAccount(c, accountId)) {
                entries.add(new TimelineEntry(d.createdAt(), "delivery", d.channel() + " " + d.status()
                        + (d.idempotencyKey().startsWith("escalation:") ? " (escalation)" : ""),
                        Long.toString(d.id())));
            }
            entries.sort(Comparator.comparing(TimelineEntry::at));
            return entries;
        });
    }
}
