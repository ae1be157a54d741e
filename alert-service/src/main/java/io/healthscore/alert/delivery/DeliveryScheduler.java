package io.healthscore.alert.delivery;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the delivery worker every {@code delivery.poll-interval} (after the previous round finished). */
@Singleton
@Requires(property = "delivery.enabled", value = "true", defaultValue = "true")
public final class DeliveryScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);

    private final DeliveryWorker worker;

    public DeliveryScheduler(DeliveryWorker worker) {
        this.worker = worker;
    }

    @Scheduled(fixedDelay = "${delivery.poll-interval}", initialDelay = "${delivery.poll-interval}")
    void deliverDue() {
        try {
            worker.runOnce();
        } catch (RuntimeException e) {
            // Database down, most likely: the next round tries again; rows stay in the outbox.
            LOG.warn("Delivery round failed: {}", e.getMessage());
        }
    }
}
