package io.healthscore.alert.api;

import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.DeliveryAttempt;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.alert.store.DeliveryStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/** Operator view of the outbox: list deliveries (bodies left out), see a delivery's attempts, replay a DEAD one. */
@Singleton
public final class DeliveryAdmin {

    private final Database db;
    private final DeliveryRepository deliveries;
    private final Clock clock;

    public DeliveryAdmin(Database db, DeliveryRepository deliveries, Clock clock) {
        this.db = db;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    public List<Delivery> list(@Nullable DeliveryStatus status, int limit) {
        return db.inTransaction(c -> deliveries.byStatus(c, status, limit)).stream().map(Delivery::withoutBody).toList();
    }

    public List<DeliveryAttempt> attempts(long id) {
        return db.inTransaction(c -> {
            deliveries.find(c, id).orElseThrow(() -> notFound(id));
            return deliveries.attempts(c, id);
        });
    }

    /** Queues a DEAD delivery again (same idempotency key, fresh retry budget). */
    public Delivery replay(long id) {
        return db.inTransaction(c -> {
            Delivery current = deliveries.find(c, id).orElseThrow(() -> notFound(id));
            if (!deliveries.replay(c, id, clock.instant())) {
                throw new ApiException(HttpStatus.CONFLICT, "delivery is " + current.status()
                        + "; only DEAD deliveries can be replayed", "id");
            }
            return deliveries.find(c, id).orElseThrow().withoutBody();
        });
    }

    private static ApiException notFound(long id) {
        return new ApiException(HttpStatus.NOT_FOUND, "no delivery with id " + id, "id");
    }
}
