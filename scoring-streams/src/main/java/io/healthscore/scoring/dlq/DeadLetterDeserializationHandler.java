package io.healthscore.scoring.dlq;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undecodable input records (wrong magic byte, unknown schema id, malformed Avro) go to the source topic's
 * dead-letter topic with their original bytes, in the same transaction as the offset commit, and processing
 * continues. A retriable failure (registry unreachable) fails the task instead, so the record is read again
 * later rather than dead-lettered.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private DeadLetterRecords records;

    @Override
    public void configure(Map<String, ?> configs) {
        records = DeadLetterRecords.fromConfig(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (DeadLetterRecords.retriable(exception)) {
            LOG.warn("Cannot read {}-{}@{} yet, will retry: {}", record.topic(), record.partition(), record.offset(),
                    exception.getMessage());
            return Response.fail();
        }
        LOG.warn("Dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                exception.getMessage());
        return Response.resume(List.of(records.of(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), "undecodable record: " + exception.getMessage(), exception)));
    }
}
