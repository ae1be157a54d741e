package io.healthscore.alert.delivery;

import io.healthscore.alert.config.DeliveryConfig;
import io.healthscore.alert.metrics.AlertMetrics;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.DeliveryRepository;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox: claims due rows (recording the attempt before anything is sent, see
 * {@link DeliveryRepository#claimDue}), sends each through its channel's {@link Notifier}, then marks it
 * DELIVERED, schedules a retry with back-off, or marks it DEAD. A worker killed between claim and mark leaves an
 * IN_FLIGHT row whose lease lapses; the next round sends it again with the same idempotency key. Several
 * workers (threads or processes) can run at once: SKIP LOCKED hands each row to one of them.
 */
@Singleton
public final class DeliveryWorker {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int MAX_BATCHES_PER_ROUND = 20;
    private static final long RECORD_RETRY_FIRST_PAUSE_MILLIS = 100;
    private static final long RECORD_RETRY_MAX_PAUSE_MILLIS = 2_000;

    private final Database db;
    private final DeliveryRepository deliveries;
    private final Map<Channel, Notifier> notifiers = new EnumMap<>(Channel.class);
    private final BackoffPolicy backoff;
    private final DeliveryConfig config;
    private final AlertMetrics metrics;
    private final Clock clock;
    private final AtomicLong oldestWaitingMillis = new AtomicLong();

    public DeliveryWorker(Database db, DeliveryRepository deliveries, List<Notifier> notifiers, BackoffPolicy backoff,
                          DeliveryConfig config, AlertMetrics metrics, Clock clock) {
        this.db = db;
        this.deliveries = deliveries;
        notifiers.forEach(n -> this.notifiers.put(n.channel(), n));
        this.backoff = backoff;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        metrics.registry().gauge("healthscore.outbox.oldest.age.seconds", oldestWaitingMillis, a -> a.get() / 1000.0);
    }

    /** Delivers what is due now, at most {@value #MAX_BATCHES_PER_ROUND} batches. @return rows attempted */
    public int runOnce() {
        int attempted = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_ROUND; batch++) {
            Instant now = clock.instant();
            List<Delivery> claimed = db.inTransaction(c ->
                    deliveries.claimDue(c, config.batchSize(), now, now.plus(config.lease())));
            for (Delivery d : claimed) {
                try {
                    attempt(d);
                } catch (RuntimeException e) {
                    // A database failure while recording an outcome: the row stays IN_FLIGHT and is claimed again
                    // when its lease lapses; the rest of the batch still gets its turn.
                    LOG.error("Delivery {} ({}): recording the attempt failed ({}); it will be retried",
                            d.id(), d.channel(), e.getClass().getSimpleName());
                }
            }
            attempted += claimed.size();
            if (claimed.size() < config.batchSize()) {
                break;
            }
        }
        updateOutboxAge();
        return attempted;
    }

    private void attempt(Delivery d) {
        if (d.attempts() > 1) {
            LOG.info("Delivery {} ({} to {}): attempt {}", d.id(), d.channel(), describeTarget(d), d.attempts());
        }
        Instant renewedAt = clock.instant();
        boolean stillMine = db.inTransaction(c -> deliveries.renewLease(c, d, renewedAt, renewedAt.plus(config.lease())));
        if (!stillMine) {
            LOG.warn("Delivery {} ({}): lease lapsed before its turn; left to the next claim, not sent", d.id(), d.channel());
            return;
        }
        Notifier notifier = notifiers.get(d.channel());
        try {
            if (notifier == null) {
                throw new DeliveryException("no notifier for channel " + d.channel(), true);
            }
            send(notifier, d);
            recordDelivered(d, renewedAt.plus(config.lease()));
            metrics.delivery(d.channel().name(), "delivered");
        } catch (DeliveryException e) {
            Instant now = clock.instant();
            Optional<Instant> next = e.permanent() ? Optional.empty() : backoff.nextAttempt(d.attempts(), now);
            db.inTransaction(c -> {
                deliveries.markFailed(c, d, e.getMessage(), next.orElse(null), now);
                return null;
            });
            if (next.isPresent()) {
                metrics.retry(d.channel().name());
                metrics.delivery(d.channel().name(), "retry");
                LOG.warn("Delivery {} ({} to {}) attempt {} failed, next at {}: {}", d.id(), d.channel(),
                        describeTarget(d), d.attempts(), next.get(), e.getMessage());
            } else {
                metrics.delivery(d.channel().name(), "dead");
                LOG.error("Delivery {} ({} to {}) is DEAD after {} attempts: {}", d.id(), d.channel(),
                        describeTarget(d), d.attempts(), e.getMessage());
            }
        }
    }

    /**
     * The message is out: record that. A row left IN_FLIGHT is claimed and sent again once its lease lapses, so a
     * database failure here is retried, with a growing pause, for as long as the lease still holds; only past it
     * does the failure propagate (and the row is sent again later: at least once, never lost).
     */
    private void recordDelivered(Delivery d, Instant leaseUntil) {
        long pauseMillis = RECORD_RETRY_FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                db.inTransaction(c -> {
                    deliveries.markDelivered(c, d, clock.instant());
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (!clock.instant().plusMillis(pauseMillis).isBefore(leaseUntil)) {
                    throw e;
                }
                LOG.warn("Delivery {} ({}) was sent but recording it failed ({}); retrying in {} ms", d.id(),
                        d.channel(), e.getClass().getSimpleName(), pauseMillis);
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(pauseMillis * 2, RECORD_RETRY_MAX_PAUSE_MILLIS);
            }
        }
    }

    /** An unexpected exception from a notifier is a failed attempt like any other, so back-off and DEAD apply. */
    private static void send(Notifier notifier, Delivery d) throws DeliveryException {
        try {
            notifier.send(d);
        } catch (DeliveryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DeliveryException("unexpected " + e.getClass().getSimpleName() + " while sending", false);
        }
    }

    // Email addresses are personal data; logs name the channel's target only for Slack and webhooks.
    private static String describeTarget(Delivery d) {
        return d.channel() == Channel.SLACK || d.channel() == Channel.WEBHOOK ? d.target() : "<recipient>";
    }

    private void updateOutboxAge() {
        Optional<Instant> oldest = db.inTransaction(deliveries::oldestWaiting);
        oldestWaitingMillis.set(oldest.map(o -> Duration.between(o, clock.instant()).toMillis()).orElse(0L));
    }
}
