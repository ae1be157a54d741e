package io.healthscore.alert.intake;

import io.healthscore.schemas.DeadLetter;
import io.healthscore.alert.config.AcknowledgedProducers;
import io.healthscore.schemas.KafkaConnection;
import io.healthscore.schemas.Topic;
import io.healthscore.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends a record that cannot be processed to {@code topics.dlqOf(source)} with its original key and value bytes
 * and the shared dlq.* headers, and waits for the broker's acknowledgement (acks=all) so the caller commits the
 * source offset only once the record is safe.
 */
@Singleton
public final class DeadLetterPublisher {


    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;
    private final Clock clock;

    public DeadLetterPublisher(KafkaConnection connection, Topics topics, Clock clock) {
        this.topics = topics;
        this.clock = clock;
        this.producer = AcknowledgedProducers.create(connection, "alert-service-dlq");
    }

    /** @throws IllegalStateException when the broker did not acknowledge in time (the caller retries) */
    public void publish(Topic<?, ?> source, ConsumerRecord<byte[], byte[]> record, Throwable error) {
        Topic<byte[], byte[]> dlq = topics.dlqOf(source);
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlq.name(), null, record.key(), record.value(),
                DeadLetter.headers(null, error, record.topic(), record.partition(), record.offset(), clock.instant()));
        try {
            producer.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter to " + dlq.name() + ": " + e.getMessage(), e);
        }
    }


    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
