package io.healthscore.alert.api;

import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.AlertStatus;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.avro.Severity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

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

    public AlertInbox(Database db, AlertRepository alerts, Clock clock) {
        this.db = db;
        this.alerts = alerts;
        this.clock = clock;
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
        return db.inTransaction(c -> {
            StoredAlert current = inScope(c, actor, alertId);
            if (!alerts.resolve(c, alertId, actor.auditName(), clock.instant())) {
                throw conflict(current, "resolved (only OPEN or ACKNOWLEDGED alerts can be)");
            }
            return alerts.find(c, alertId).orElseThrow();
        });
    }

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
