package io.healthscore.scoring.topology;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.UsageEvent;
import io.healthscore.schemas.values.ValueBounds;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Record time = when the system received the input ({@code receivedAt}; {@code updatedAt} for profiles), so
 * stream time is "the latest moment the log has reached" and not the producer's clock or a client's claim
 * ({@code occurredAt} may be late or skewed). Records without a value, and records whose time lies outside
 * {@code ValueBounds} or before 1970, keep their Kafka timestamp, or the partition time when that is unset: Kafka
 * Streams drops a record with a negative time without a word, and such a record must reach the processor, which
 * dead-letters it with its reason.
 */
public final class ReceivedAtTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Instant received = switch (record.value()) {
            case UsageEvent event -> event.getReceivedAt();
            case AccountSignal signal -> signal.getReceivedAt();
            case AccountProfile profile -> profile.getUpdatedAt();
            case null, default -> null;
        };
        if (received != null && ValueBounds.instantInRange(received) && received.toEpochMilli() >= 0) {
            return received.toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
