package io.healthscore.scoring.dlq;

import io.healthscore.schemas.TopicNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output the broker refuses for good (e.g. record too large, a timestamp too far ahead) goes, as the bytes it
 * was, to the output topic's dead-letter topic; an output that cannot be serialized sends the input record that
 * caused it to the input's dead-letter topic. Processing continues either way. A refused or unserializable write
 * to any other topic, above all Kafka Streams' own changelog and repartition topics, fails the task: such a record
 * is state, and dropping it would leave a store and its changelog apart. The stream thread is then replaced, the
 * transaction aborted, and the task resumes from its last commit, so nothing is lost. Retriable failures (broker or
 * registry unreachable) are retried or fail the task, never dead-lettered.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private DeadLetterRecords records;
    private Set<String> outputs;

    @Override
    public void configure(Map<String, ?> configs) {
        records = DeadLetterRecords.fromConfig(configs);
        TopicNames names = TopicNames.fromProperties(configs);
        outputs = Set.of(names.healthScores(), names.healthScoresLatest(), names.levelTransitions(),
                names.churnRiskAlerts(), names.expansionOpportunities());
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (DeadLetterRecords.retriable(exception)) {
            return Response.retry();
        }
        if (!outputs.contains(record.topic())) {
            LOG.error("Write to {} refused; it is no output of scoring (a changelog or repartition topic), so the "
                    + "task fails and resumes from its last commit: {}", record.topic(), exception.toString());
            return Response.fail();
        }
        LOG.error("Output to {} refused; dead-lettered: {}", record.topic(), exception.toString());
        int partition = record.partition() == null ? -1 : record.partition();
        return Response.resume(List.of(records.of(record.topic(), partition, -1, record.key(), record.value(),
                "output refused by the broker: " + exception.getMessage(), exception)));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        if (DeadLetterRecords.retriable(exception)) {
            return Response.fail();
        }
        if (!outputs.contains(record.topic())) {
            LOG.error("Record for {} cannot be serialized; it is no output of scoring, so the task fails: {}",
                    record.topic(), exception.toString());
            return Response.fail();
        }
        LOG.error("Output to {} cannot be serialized: {}", record.topic(), exception.toString());
        if (context.topic() == null) {
            return Response.resume();
        }
        return Response.resume(List.of(records.of(context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), context.sourceRawValue(),
                "output to " + record.topic() + " cannot be serialized: " + exception.getMessage(), exception)));
    }
}
