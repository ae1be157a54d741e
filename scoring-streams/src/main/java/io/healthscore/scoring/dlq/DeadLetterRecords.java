package io.healthscore.scoring.dlq;

import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.serde.AvroSerdeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records by the shared convention: to {@code <source topic><dlq suffix>}, with the original
 * key and value bytes and the UTF-8 headers {@code dlq.reason}, {@code dlq.error.class}, {@code dlq.source.topic},
 * {@code dlq.source.partition}, {@code dlq.source.offset}, {@code dlq.failed.at} (ISO-8601).
 */
public final class DeadLetterRecords {

    public static final String REASON = "dlq.reason";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String FAILED_AT = "dlq.failed.at";

    private final String suffix;
    private final Clock clock;

    public DeadLetterRecords(String suffix, Clock clock) {
        this.suffix = suffix;
        this.clock = clock;
    }

    /** From the Kafka Streams configuration: the suffix under {@code topics.dlq-suffix}, else "-dlq". */
    public static DeadLetterRecords fromConfig(Map<String, ?> configs) {
        Object suffix = configs.get(TopicNames.DLQ_SUFFIX_KEY);
        return new DeadLetterRecords(suffix == null ? TopicNames.defaults().dlqSuffix() : suffix.toString(),
                Clock.systemUTC());
    }

    public ProducerRecord<byte[], byte[]> of(String sourceTopic, int partition, long offset, byte[] key, byte[] value,
                                            String reason, Throwable error) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(reason));
        headers.add(ERROR_CLASS, utf8(error.getClass().getName()));
        headers.add(SOURCE_TOPIC, utf8(sourceTopic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        headers.add(FAILED_AT, utf8(clock.instant().toString()));
        return new ProducerRecord<>(sourceTopic + suffix, null, key, value, headers);
    }

    /**
     * Whether the failure may go away by itself (registry or broker unreachable): such records must not be
     * dead-lettered; the task fails instead and is retried from its last commit.
     */
    public static boolean retriable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AvroSerdeException serde && serde.retriable() || t instanceof RetriableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static byte[] utf8(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
