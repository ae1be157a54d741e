package io.healthscore.scoring.dlq;

import io.healthscore.schemas.DeadLetter;
import io.healthscore.schemas.TopicNames;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds this application's dead-letter records by the shared convention ({@link DeadLetter}): to
 * {@code <source topic><dlq suffix>}, with the original key and value bytes and the {@code dlq.*} headers.
 */
public final class DeadLetterRecords {

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
        return new ProducerRecord<>(sourceTopic + suffix, null, key, value,
                DeadLetter.headers(reason, error, sourceTopic, partition, offset, clock.instant()));
    }

    /** See {@link DeadLetter#retriable(Throwable)}: such records fail the task instead of being dead-lettered. */
    public static boolean retriable(Throwable error) {
        return DeadLetter.retriable(error);
    }
}
