package io.healthscore.alert.erasure;

import io.healthscore.alert.config.AcknowledgedProducers;
import io.healthscore.schemas.AccountErasure;
import io.healthscore.schemas.KafkaConnection;
import io.healthscore.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes an erasure to Kafka: a tombstone for the account on each compacted topic that holds it
 * (account-profiles and health-scores-latest), which compaction then uses to drop every earlier record of the key.
 * The account-profiles tombstone carries the header {@value #ERASE_HEADER}, which tells scoring to delete the
 * account's whole state (a plain profile tombstone only forgets the profile). Waits for acks=all.
 */
@Singleton
public final class ErasureTombstones {

    /** Header on the account-profiles tombstone of an erasure; its value is the erasure's id. */
    public static final String ERASE_HEADER = AccountErasure.HEADER;

    private final KafkaProducer<byte[], byte[]> producer;
    private final Topics topics;

    public ErasureTombstones(KafkaConnection connection, Topics topics) {
        this.topics = topics;
        this.producer = AcknowledgedProducers.create(connection, "alert-service-erasure");
    }

    /** @return the topics tombstoned, once every tombstone is acknowledged */
    public List<String> publish(String accountId, String erasureId) {
        byte[] key = accountId.getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(ERASE_HEADER, erasureId.getBytes(StandardCharsets.UTF_8));
        List<String> names = List.of(topics.accountProfiles().name(), topics.healthScoresLatest().name());
        Future<RecordMetadata> profile = producer.send(new ProducerRecord<>(names.get(0), null, key, null, headers));
        Future<RecordMetadata> latest = producer.send(new ProducerRecord<>(names.get(1), null, key, null, headers));
        await(profile);
        await(latest);
        return names;
    }

    private static void await(Future<RecordMetadata> send) {
        try {
            send.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing erasure tombstones", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the erasure tombstones: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
