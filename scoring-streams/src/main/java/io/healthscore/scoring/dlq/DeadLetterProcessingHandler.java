package io.healthscore.scoring.dlq;

import io.healthscore.scoring.topology.InputRejectedException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inputs the processor rejects ({@link InputRejectedException}: too late, from the future, key mismatch, bad
 * field) or fails on go to the source topic's dead-letter topic with their original bytes and the reason, and
 * processing continues: one bad record never stops scoring. Retriable failures fail the task (retried from the
 * last commit); failures in a punctuation, which has no source record, are logged and skipped.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetterRecords records;

    @Override
    public void configure(Map<String, ?> configs) {
        records = DeadLetterRecords.fromConfig(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (DeadLetterRecords.retriable(exception)) {
            return Response.fail();
        }
        if (context.topic() == null || context.sourceRawValue() == null && context.sourceRawKey() == null) {
            LOG.error("Processing failed in {} without a source record; skipped", context.processorNodeId(), exception);
            return Response.resume();
        }
        String reason = exception instanceof InputRejectedException
                ? exception.getMessage() : "processing failed: " + exception;
        if (exception instanceof InputRejectedException) {
            LOG.info("Rejected {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), reason);
        } else {
            LOG.error("Processing {}-{}@{} failed; dead-lettered", context.topic(), context.partition(),
                    context.offset(), exception);
        }
        return Response.resume(List.of(records.of(context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), context.sourceRawValue(), reason, exception)));
    }
}
