package io.healthscore.alert.signal;

import io.healthscore.alert.config.AcknowledgedProducers;
import io.healthscore.alert.config.SignalConfig;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.SignalOutbox;
import io.healthscore.alert.store.SignalOutbox.PendingSignal;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.SignalType;
import io.healthscore.schemas.KafkaConnection;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.serde.AvroSerializer;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the signal outbox to account-signals: the CSM touch-points that console and API notes stand for. Each round
 * claims due rows in one transaction ({@code FOR UPDATE SKIP LOCKED}: instances share the work, never a row), sends
 * them keyed by account id in the Confluent wire format with acks=all and idempotence, and deletes each row the
 * broker acknowledged; a row it did not is pushed back with the error and tried again later. A crash between the
 * acknowledgement and the commit sends the row once more with the same message id, which scoring de-duplicates.
 */
@Singleton
public final class TouchpointPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(TouchpointPublisher.class);
    /** The signal's source: what ingest would call the integration. */
    public static final String SOURCE = "console";

    private final SignalConfig config;
    private final Database db;
    private final SignalOutbox outbox;
    private final Clock clock;
    private final String topic;
    private final Serializer<String> keys;
    private final Serializer<AccountSignal> values;
    private final Producer<byte[], byte[]> producer;

    public TouchpointPublisher(SignalConfig config, Database db, SignalOutbox outbox, Clock clock, Topics topics,
                               SchemaRegistryClient registry, KafkaConnection connection) {
        this(config, db, outbox, clock, topics, new AvroSerializer<>(registry, config.autoRegister()),
                AcknowledgedProducers.create(connection, "alert-service-signals"));
    }

    TouchpointPublisher(SignalConfig config, Database db, SignalOutbox outbox, Clock clock, Topics topics,
                        Serializer<AccountSignal> values, Producer<byte[], byte[]> producer) {
        this.config = config;
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.topic = topics.accountSignals().name();
        this.keys = topics.accountSignals().keySerde().serializer();
        this.values = values;
        this.producer = producer;
    }

    @Scheduled(fixedDelay = "${signals.poll-interval}", initialDelay = "${signals.poll-interval}")
    void scheduled() {
        if (!config.enabled()) {
            return;
        }
        try {
            publishDue();
        } catch (RuntimeException e) {
            // Database down, most likely: the rows stay in the outbox for the next round.
            LOG.warn("Touch-point round failed, next round tries again: {}", e.getMessage());
        }
    }

    /** One round. @return how many signals the broker acknowledged */
    public int publishDue() {
        return db.inTransaction(c -> {
            Instant now = clock.instant();
            List<PendingSignal> due = outbox.claimDue(c, now, config.batchSize());
            if (due.isEmpty()) {
                return 0;
            }
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            List<PendingSignal> sending = new ArrayList<>(due.size());
            List<Future<RecordMetadata>> acks = new ArrayList<>(due.size());
            for (PendingSignal signal : due) {
                String error;
                try {
                    Future<RecordMetadata> ack = producer.send(record(signal, now));
                    // A send that waited max.block.ms for metadata in vain returns a failed future: the broker is
                    // away, and every further send of this round would wait as long again.
                    error = ack.isDone() ? awaitAck(ack, deadline) : null;
                    if (error == null) {
                        sending.add(signal);
                        acks.add(ack);
                    }
                } catch (RuntimeException e) {
                    // Serialization (registry unreachable, schema not registered) or a closed producer.
                    error = describe(e);
                }
                if (error != null) {
                    retryLater(c, signal, now, error);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            int sent = 0;
            for (int i = 0; i < sending.size(); i++) {
                PendingSignal signal = sending.get(i);
                String error = awaitAck(acks.get(i), deadline);
                if (error == null) {
                    outbox.published(c, signal.messageId());
                    sent++;
                } else {
                    retryLater(c, signal, now, error);
                }
            }
            return sent;
        });
    }

    private void retryLater(Connection c, PendingSignal signal, Instant now, String error)
            throws SQLException {
        Instant retryAt = now.plus(backoff(signal.attempts()));
        outbox.failed(c, signal.messageId(), retryAt, error);
        LOG.warn("Touch-point {} for account {} not published (attempt {}), retry at {}: {}", signal.messageId(),
                signal.accountId(), signal.attempts() + 1, retryAt, error);
    }

    private ProducerRecord<byte[], byte[]> record(PendingSignal signal, Instant now) {
        AccountSignal value = AccountSignal.newBuilder()
                .setMessageId(signal.messageId())
                .setAccountId(signal.accountId())
                .setType(SignalType.valueOf(signal.signalType()))
                .setOccurredAt(signal.occurredAt())
                .setReceivedAt(signal.createdAt())
                .setSource(SOURCE)
                .build();
        // No record timestamp of our own: the producer's wall clock, which the broker's timestamp bounds accept.
        return new ProducerRecord<>(topic, keys.serialize(topic, signal.accountId()), values.serialize(topic, value));
    }

    private static String awaitAck(Future<RecordMetadata> ack, long deadline) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return describe(e.getCause());
        } catch (TimeoutException e) {
            return "no acknowledgement within the send timeout";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the acknowledgement";
        }
    }

    /** Attempt n (0-based, before it ran) waits initialBackoff * 2^n, at most maxBackoff. */
    Duration backoff(int attempts) {
        Duration wait = config.initialBackoff();
        for (int i = 0; i < attempts && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
