package io.healthscore.scoring.topology;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.UsageEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Record time = when the system received the input ({@code receivedAt}; {@code updatedAt} for profiles), so
 * stream time is "the latest moment the log has reached" and not the producer's clock or a client's claim
 * ({@code occurredAt} may be late or skewed). Records without a value keep their Kafka timestamp, or the
 * partition time when that is unset.
 */
public final class ReceivedAtTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof UsageEvent event) {
            return event.getReceivedAt().toEpochMilli();
        }
        if (value instanceof AccountSignal signal) {
            return signal.getReceivedAt().toEpochMilli();
        }
        if (value instanceof AccountProfile profile) {
            return profile.getUpdatedAt().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
