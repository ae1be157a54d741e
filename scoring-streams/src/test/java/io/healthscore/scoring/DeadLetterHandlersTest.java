package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.scoring.app.StreamsProperties;
import io.healthscore.scoring.dlq.DeadLetterDeserializationHandler;
import io.healthscore.scoring.dlq.DeadLetterProcessingHandler;
import io.healthscore.scoring.dlq.DeadLetterProductionHandler;
import io.healthscore.scoring.topology.InputRejectedException;
import io.healthscore.schemas.serde.RegistryUnreachableException;
import io.healthscore.schemas.serde.UnknownMagicByteException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter handlers: original bytes and the shared headers, never a dead letter for a registry outage, and
 * never one for a write to Kafka Streams' own topics (a changelog or repartition record is state, not output).
 */
class DeadLetterHandlersTest {

    private static final byte[] KEY = "acme".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {0x7b, 0x22, 0x78};

    @Test
    void anUndecodableRecordIsDeadLetteredWithItsBytesAndHeaders() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of("topics.dlq-suffix", "-dlq"));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("usage-events", 3, 42L, KEY, VALUE);

        DeserializationExceptionHandler.Response response = handler.handleError(context("usage-events", 3, 42L), record,
                new UnknownMagicByteException("usage-events", (byte) 0x7b));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("usage-events-dlq");
            assertThat(dead.key()).isEqualTo(KEY);
            assertThat(dead.value()).isEqualTo(VALUE);
            Map<String, String> headers = headers(dead);
            assertThat(headers.keySet()).containsExactly("dlq.reason", "dlq.error.class", "dlq.source.topic",
                    "dlq.source.partition", "dlq.source.offset", "dlq.failed.at");
            assertThat(headers.get("dlq.reason")).startsWith("undecodable record: ");
            assertThat(headers.get("dlq.error.class")).isEqualTo(UnknownMagicByteException.class.getName());
            assertThat(headers.get("dlq.source.topic")).isEqualTo("usage-events");
            assertThat(headers.get("dlq.source.partition")).isEqualTo("3");
            assertThat(headers.get("dlq.source.offset")).isEqualTo("42");
            assertThat(Instant.parse(headers.get("dlq.failed.at"))).isBeforeOrEqualTo(Instant.now());
        });
    }

    @Test
    void anUnreachableRegistryFailsTheTaskInsteadOfDeadLettering() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of());
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("usage-events", 0, 7L, KEY, VALUE);

        DeserializationExceptionHandler.Response response = handler.handleError(context("usage-events", 0, 7L), record,
                new RegistryUnreachableException("registry down", null));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aRejectedInputIsDeadLetteredWithTheRejectionAsReason() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(Map.of());

        ProcessingExceptionHandler.Response response = handler.handleError(context("account-signals", 1, 5L),
                new Record<>("acme", "x", 0L), new InputRejectedException("npsScore must be 0..10"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("account-signals-dlq");
            assertThat(headers(dead).get("dlq.reason")).isEqualTo("npsScore must be 0..10");
        });
    }

    @Test
    void aRefusedWriteToAChangelogFailsTheTaskSoTheStoreAndItsChangelogCannotDiverge() {
        DeadLetterProductionHandler handler = productionHandler(Map.of());

        ProductionExceptionHandler.Response response = handler.handleError(context("usage-events", 2, 9L),
                new ProducerRecord<>("scoring-scoring-account-state-changelog", 2, KEY, VALUE),
                new RecordTooLargeException("larger than max.message.bytes"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aRefusedWriteToARepartitionTopicFailsTheTask() {
        DeadLetterProductionHandler handler = productionHandler(Map.of());

        ProductionExceptionHandler.Response response = handler.handleError(context("usage-events", 0, 1L),
                new ProducerRecord<>("scoring-by-segment-repartition", 0, KEY, VALUE),
                new RecordTooLargeException("larger than max.message.bytes"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aChangelogWriteRefusedForItsFutureTimestampFailsTheTask() {
        DeadLetterProductionHandler handler = productionHandler(Map.of());

        ProductionExceptionHandler.Response response = handler.handleError(context("account-signals", 1, 3L),
                new ProducerRecord<>("scoring-scoring-seen-messages-changelog", 1, KEY, VALUE),
                new InvalidTimestampException("timestamp more than log.message.timestamp.after.max.ms ahead"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aChangelogRecordThatCannotBeSerializedFailsTheTask() {
        DeadLetterProductionHandler handler = productionHandler(Map.of());

        ProductionExceptionHandler.Response response = handler.handleSerializationError(context("usage-events", 0, 4L),
                new ProducerRecord<>("scoring-scoring-account-state-changelog", 0, "acme", new Object()),
                new SerializationException("cannot encode"),
                ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void aRefusedOutputIsDeadLetteredWithItsBytesToItsOwnDeadLetterTopic() {
        DeadLetterProductionHandler handler = productionHandler(Map.of("topics.health-scores", "scores-v2"));

        ProductionExceptionHandler.Response response = handler.handleError(context("usage-events", 4, 8L),
                new ProducerRecord<>("scores-v2", 4, KEY, VALUE),
                new InvalidTimestampException("timestamp more than log.message.timestamp.after.max.ms ahead"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("scores-v2-dlq");
            assertThat(dead.key()).isEqualTo(KEY);
            assertThat(dead.value()).isEqualTo(VALUE);
            assertThat(headers(dead).get("dlq.source.topic")).isEqualTo("scores-v2");
            assertThat(headers(dead).get("dlq.reason")).startsWith("output refused by the broker: ");
        });
    }

    @Test
    void aRefusedWriteToATopicThatIsNoOutputOfScoringFailsTheTask() {
        DeadLetterProductionHandler handler = productionHandler(Map.of());

        ProductionExceptionHandler.Response response = handler.handleError(context("usage-events", 0, 1L),
                new ProducerRecord<>("usage-events", 0, KEY, VALUE),
                new RecordTooLargeException("larger than max.message.bytes"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    private static DeadLetterProductionHandler productionHandler(Map<String, String> topicSettings) {
        // What Kafka Streams hands the handler: the application's Streams settings.
        Map<String, Object> configs = new LinkedHashMap<>();
        StreamsProperties.of("scoring", "127.0.0.1:1", topicSettings).forEach((k, v) -> configs.put(k.toString(), v));
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(configs);
        return handler;
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static ErrorHandlerContext context(String topic, int partition, long offset) {
        return new ErrorHandlerContext() {
            @Override public String topic() { return topic; }
            @Override public int partition() { return partition; }
            @Override public long offset() { return offset; }
            @Override public Headers headers() { return new RecordHeaders(); }
            @Override public String processorNodeId() { return "account-scoring"; }
            @Override public TaskId taskId() { return new TaskId(0, partition); }
            @Override public long timestamp() { return 0L; }
            @Override public byte[] sourceRawKey() { return KEY; }
            @Override public byte[] sourceRawValue() { return VALUE; }
        };
    }
}
