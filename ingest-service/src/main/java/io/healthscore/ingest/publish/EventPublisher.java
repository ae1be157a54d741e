package io.healthscore.ingest.publish;

import io.healthscore.ingest.config.PublishSettings;
import io.healthscore.schemas.serde.RegistryUnreachableException;
import io.healthscore.schemas.serde.SchemaRegistrationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes all records of one request and returns only when Kafka acknowledged every one of them (the producer
 * runs with acks=all and idempotence). Every record is serialized before the first is sent, so a record that
 * cannot be serialized leaves nothing of its request written. The whole call is bounded by
 * {@code ingest.publish.timeout}; past it, or when the broker or registry cannot be reached, it throws
 * {@link PublishUnavailableException}.
 */
@Singleton
public final class EventPublisher {

    private final Producer<byte[], byte[]> producer;
    private final Duration timeout;

    public EventPublisher(Producer<byte[], byte[]> producer, PublishSettings settings) {
        this.producer = producer;
        this.timeout = settings.timeout();
    }

    public void publish(List<OutgoingRecord<?, ?>> records) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProducerRecord<byte[], byte[]>> serialized = new ArrayList<>(records.size());
        for (OutgoingRecord<?, ?> record : records) {
            serialized.add(serialize(record));
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(serialized.size());
        try {
            for (ProducerRecord<byte[], byte[]> record : serialized) {
                // send() blocks at most max.block.ms (= the timeout) for metadata or buffer space, and when the
                // metadata never came it returns a failed future instead of throwing: stop at the first such
                // record, or every further record of the request would wait the whole bound again.
                Future<RecordMetadata> ack = producer.send(record);
                acks.add(ack);
                if (ack.isDone()) {
                    ack.get();
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("sending took longer than " + timeout);
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                long remaining = Math.max(0, deadline - System.nanoTime());
                ack.get(remaining, TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException | KafkaException e) {
            throw new PublishUnavailableException("Kafka did not acknowledge the records within " + timeout, e);
        } catch (ExecutionException e) {
            throw new PublishUnavailableException("Kafka refused the records: " + e.getCause().getClass().getSimpleName(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishUnavailableException("Interrupted while waiting for Kafka", e);
        }
    }

    /**
     * Flushes what is in flight and closes the producer, waiting at most the publish timeout: requests still
     * waiting get their answer first (graceful shutdown lets them finish), and a dead broker cannot hang shutdown.
     */
    @PreDestroy
    void close() {
        producer.close(timeout);
    }

    private static <K, V> ProducerRecord<byte[], byte[]> serialize(OutgoingRecord<K, V> record) {
        String topic = record.topic().name();
        try {
            byte[] key = record.topic().keySerde().serializer().serialize(topic, record.key());
            byte[] value = record.topic().valueSerde().serializer().serialize(topic, record.value());
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, key, value);
            record.headers().forEach((name, text) -> out.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            return out;
        } catch (RegistryUnreachableException | SchemaRegistrationException e) {
            throw new PublishUnavailableException("The schema registry is unavailable", e);
        }
    }
}
