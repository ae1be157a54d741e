package io.healthscore.alert.api;

import io.healthscore.alert.store.AlertOutcome;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.AlertStatus;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.alert.store.InboxAlert;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.avro.Severity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CSM inbox: searching alerts and moving them OPEN → ACKNOWLEDGED → RESOLVED, for the API and the console alike.
 * Only alerts of accounts in the actor's {@link io.healthscore.alert.identity.Scope} are listed or moved (another
 * owner's alert is 403, checked in the transaction that moves it); the move records the actor's audit name. Unknown
 * alerts are 404, a move the alert's status does not allow is 409.
 */
@Singleton
public final class AlertInbox {

    private final Database db;
    private final AlertRepository alerts;
    private final Clock clock;
    private final DeliveryRepository deliveries;

    public AlertInbox(Database db, AlertRepository alerts, Clock clock, DeliveryRepository deliveries) {
        this.db = db;
        this.alerts = alerts;
        this.clock = clock;
        this.deliveries = deliveries;
    }

    public List<StoredAlert> search(Actor actor, @Nullable String owner, @Nullable AlertStatus status,
                                    @Nullable Severity severity, int limit) {
        if (owner != null && !actor.scope().allows(owner)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "the alerts of " + owner + " are not yours to see", "owner");
        }
        List<String> owners = actor.scope().unrestricted() ? null : actor.scope().owners();
        return db.inTransaction(c -> alerts.search(c, owner, owners, status, severity, limit));
    }

    /** The alert, when it is in the actor's scope; 404 when unknown, 403 when another's. */
    public StoredAlert find(Actor actor, String alertId) {
        return db.inTransaction(c -> inScope(c, actor, alertId));
    }

    public StoredAlert acknowledge(String alertId, Actor actor) {
        return db.inTransaction(c -> {
            StoredAlert current = inScope(c, actor, alertId);
            if (!alerts.acknowledge(c, alertId, actor.auditName(), clock.instant())) {
                throw conflict(current, "acknowledged (only OPEN alerts can be)");
            }
            return alerts.find(c, alertId).orElseThrow();
        });
    }

    public StoredAlert resolve(String alertId, Actor actor) {
        return resolve(alertId, null, null, actor);
    }

    /** The longest snooze: after that the alert must be looked at again. */
    public static final Duration MAX_SNOOZE = Duration.ofDays(90);
    public static final int MAX_REASON_CHARS = 500;
    public static final int MAX_BULK = 100;

    /** The actor's inbox: unresolved, unsnoozed alerts of their accounts, IMMINENT first, then oldest first. */
    public List<InboxAlert> inbox(Actor actor, int limit) {
        return inboxPage(actor, 0, limit).alerts();
    }

    /** One page of the actor's inbox and how many alerts it holds in all, read in one transaction. */
    public record InboxPage(List<InboxAlert> alerts, long total) {
    }

    public InboxPage inboxPage(Actor actor, int offset, int limit) {
        List<String> owners = actor.scope().unrestricted() ? null : actor.scope().owners();
        Instant now = clock.instant();
        return db.inTransaction(c -> new InboxPage(alerts.inbox(c, owners, now, offset, limit),
                alerts.inboxCount(c, owners, now)));
    }

    /** Labelled outcomes of the actor's accounts recorded since {@code since}, oldest first. */
    public List<AlertOutcome> outcomes(Actor actor, Instant since, int limit) {
        List<String> owners = actor.scope().unrestricted() ? null : actor.scope().owners();
        return db.inTransaction(c -> alerts.outcomes(c, owners, since, limit));
    }

    /** The deliveries made for each alert, by alert id. */
    public Map<String, List<Delivery>> deliveries(List<InboxAlert> of) {
        return db.inTransaction(c -> {
            Map<String, List<Delivery>> out = new LinkedHashMap<>();
            for (InboxAlert a : of) {
                out.put(a.alert().alertId(), deliveries.forAlert(c, a.alert().alertId()));
            }
            return out;
        });
    }

    /** Acknowledges every alert or none: one unknown (404), another's (403) or not OPEN (409) moves nothing. */
    public List<StoredAlert> acknowledgeAll(List<String> alertIds, Actor actor) {
        if (alertIds.isEmpty() || alertIds.size() > MAX_BULK) {
            throw ApiException.badParameter("ids", "give between 1 and " + MAX_BULK + " alert ids");
        }
        if (new HashSet<>(alertIds).size() != alertIds.size()) {
            throw ApiException.badParameter("ids", "an alert id is given twice");
        }
        return db.inTransaction(c -> {
            for (String id : alertIds) {
                inScope(c, actor, id);
            }
            List<StoredAlert> out = new ArrayList<>();
            Instant now = clock.instant();
            for (String id : alertIds) {
                if (!alerts.acknowledge(c, id, actor.auditName(), now)) {
                    throw conflict(alerts.find(c, id).orElseThrow(), "acknowledged (only OPEN alerts can be)");
                }
                out.add(alerts.find(c, id).orElseThrow());
            }
            return out;
        });
    }

    /** Hides the alert from the inbox until {@code until} (future, at most {@link #MAX_SNOOZE} out), with why. */
    public InboxAlert snooze(String alertId, Instant until, String reason, Actor actor) {
        Instant now = clock.instant();
        if (!until.isAfter(now)) {
            throw ApiException.badParameter("until", "a snooze must end in the future");
        }
        if (until.isAfter(now.plus(MAX_SNOOZE))) {
            throw ApiException.badParameter("until", "a snooze lasts at most " + MAX_SNOOZE.toDays() + " days");
        }
        String why = reason(reason, "reason", true);
        return db.inTransaction(c -> {
            StoredAlert current = inScope(c, actor, alertId);
            if (!alerts.snooze(c, alertId, until, why)) {
                throw conflict(current, "snoozed (only OPEN or ACKNOWLEDGED alerts can be)");
            }
            return alerts.findTriaged(c, alertId).orElseThrow();
        });
    }

    /**
     * Gives the alert to another person: one whose accounts are in the actor's scope (a lead's team, a CSM
     * themself) or the owner of the alert's account. Anyone else is 403.
     */
    public InboxAlert assign(String alertId, String to, Actor actor) {
        String person = to.strip().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(person).matches()) {
            throw ApiException.badParameter("to", "give the e-mail of the person to assign the alert to");
        }
        return db.inTransaction(c -> {
            StoredAlert current = inScope(c, actor, alertId);
            String owner = alerts.ownerOf(c, alertId).map(o -> o.strip().toLowerCase(Locale.ROOT)).orElse(null);
            boolean known = actor.scope().unrestricted() ? true : actor.scope().allows(person);
            if (!known && !person.equals(owner)) {
                throw new ApiException(HttpStatus.FORBIDDEN, "the alert can be assigned only to someone on your team "
                        + "or to the account's owner", "to");
            }
            if (!alerts.assign(c, alertId, person)) {
                throw conflict(current, "assigned (only OPEN or ACKNOWLEDGED alerts can be)");
            }
            return alerts.findTriaged(c, alertId).orElseThrow();
        });
    }

    /** Resolves the alert and, when given, records its outcome (with an optional note) as labelled data. */
    public StoredAlert resolve(String alertId, @Nullable AlertOutcome.Kind outcome, @Nullable String note,
                               Actor actor) {
        String text = note == null || note.isBlank() ? null : reason(note, "note", false);
        if (text != null && outcome == null) {
            throw ApiException.badParameter("outcome", "a note goes with an outcome");
        }
        return db.inTransaction(c -> {
            StoredAlert current = inScope(c, actor, alertId);
            Instant now = clock.instant();
            if (!alerts.resolve(c, alertId, actor.auditName(), now)) {
                throw conflict(current, "resolved (only OPEN or ACKNOWLEDGED alerts can be)");
            }
            if (outcome != null) {
                alerts.recordOutcome(c, alertId, outcome.name(), text, actor.auditName(), now);
            }
            return alerts.find(c, alertId).orElseThrow();
        });
    }

    private static String reason(@Nullable String raw, String field, boolean required) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty() && required) {
            throw ApiException.badParameter(field, "a " + field + " is required");
        }
        if (text.length() > MAX_REASON_CHARS) {
            throw ApiException.badParameter(field, "a " + field + " is at most " + MAX_REASON_CHARS + " characters");
        }
        if (text.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n')) {
            throw ApiException.badParameter(field, "a " + field + " has no control characters");
        }
        return text;
    }

    private static final Pattern EMAIL = Pattern.compile("[a-z0-9._%+'-]{1,64}@[a-z0-9.-]{1,190}\\.[a-z]{2,24}");

    private StoredAlert inScope(Connection c, Actor actor, String alertId) throws SQLException {
        StoredAlert alert = alerts.find(c, alertId).orElseThrow(() -> notFound(alertId));
        if (!actor.scope().unrestricted() && !actor.scope().allows(alerts.ownerOf(c, alertId).orElse(null))) {
            throw forbidden("alert '" + alertId + "'");
        }
        return alert;
    }

    static ApiException forbidden(String what) {
        return new ApiException(HttpStatus.FORBIDDEN, what + " belongs to an account that is not yours", "id");
    }

    private static ApiException notFound(String alertId) {
        return new ApiException(HttpStatus.NOT_FOUND, "no alert with id '" + alertId + "'", "id");
    }

    private static ApiException conflict(StoredAlert alert, String what) {
        return new ApiException(HttpStatus.CONFLICT, "alert is " + alert.status() + " and cannot be " + what, "id");
    }
}
