package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.scoring.dlq.DeadLetterDeserializationHandler;
import io.healthscore.scoring.dlq.DeadLetterProcessingHandler;
import io.healthscore.scoring.topology.InputRejectedException;
import io.healthscore.schemas.serde.RegistryUnreachableException;
import io.healthscore.schemas.serde.UnknownMagicByteException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The dead-letter handlers: original bytes and the shared headers, and never a dead letter for a registry outage. */
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
