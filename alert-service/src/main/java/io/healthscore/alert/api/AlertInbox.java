package io.healthscore.alert.api;

import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.AlertStatus;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.avro.Severity;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The CSM inbox: searching alerts and moving them OPEN → ACKNOWLEDGED → RESOLVED. Unknown alerts are 404, a move
 * the alert's status does not allow is 409.
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

    public List<StoredAlert> search(@Nullable String owner, @Nullable AlertStatus status, @Nullable Severity severity,
                                    int limit) {
        return db.inTransaction(c -> alerts.search(c, owner, status, severity, limit));
    }

    public StoredAlert acknowledge(String alertId, String by) {
        return db.inTransaction(c -> {
            StoredAlert current = alerts.find(c, alertId).orElseThrow(() -> notFound(alertId));
            if (!alerts.acknowledge(c, alertId, by, clock.instant())) {
                throw conflict(current, "acknowledged (only OPEN alerts can be)");
            }
            return alerts.find(c, alertId).orElseThrow();
        });
    }

    public StoredAlert resolve(String alertId, String by) {
        return db.inTransaction(c -> {
            StoredAlert current = alerts.find(c, alertId).orElseThrow(() -> notFound(alertId));
            if (!alerts.resolve(c, alertId, by, clock.instant())) {
                throw conflict(current, "resolved (only OPEN or ACKNOWLEDGED alerts can be)");
            }
            return alerts.find(c, alertId).orElseThrow();
        });
    }

    private static ApiException notFound(String alertId) {
        return new ApiException(HttpStatus.NOT_FOUND, "no alert with id '" + alertId + "'", "id");
    }

    private static ApiException conflict(StoredAlert alert, String what) {
        return new ApiException(HttpStatus.CONFLICT, "alert is " + alert.status() + " and cannot be " + what, "id");
    }
}
