package io.healthscore.schemas;

import io.healthscore.schemas.serde.AvroSerdeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The one dead-letter convention of every reader and writer: a record that cannot be processed goes to
 * {@link Topics#dlqOf(Topic)} of its topic with its original key and value bytes and these UTF-8 headers:
 * {@value #REASON} (human-readable, at most {@value #MAX_REASON_CHARS} characters), {@value #ERROR_CLASS},
 * {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value #SOURCE_OFFSET} and {@value #FAILED_AT} (ISO-8601).
 * Partition and offset are left out for a record that never was on a topic (one the ingest API kept aside), and
 * the error class when no exception was involved.
 */
public final class DeadLetter {

    public static final String REASON = "dlq.reason";
    public static final String ERROR_CLASS = "dlq.error.class";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String FAILED_AT = "dlq.failed.at";
    public static final int MAX_REASON_CHARS = 1000;

    private DeadLetter() {
    }

    /** Headers for a record read from {@code sourceTopic} at {@code partition}/{@code offset}. */
    public static Headers headers(String reason, Throwable error, String sourceTopic, int partition, long offset,
                                  Instant failedAt) {
        return build(reason, error, sourceTopic, Integer.toString(partition), Long.toString(offset), failedAt);
    }

    /** Headers for a record that never was on a topic; {@code error} may be null. */
    public static Headers headers(String reason, Throwable error, String sourceTopic, Instant failedAt) {
        return build(reason, error, sourceTopic, null, null, failedAt);
    }

    /** In the documented order, which readers listing headers see. */
    private static Headers build(String reason, Throwable error, String sourceTopic, String partition, String offset,
                                 Instant failedAt) {
        Headers headers = new RecordHeaders();
        add(headers, REASON, reason(reason, error));
        if (error != null) {
            add(headers, ERROR_CLASS, error.getClass().getName());
        }
        add(headers, SOURCE_TOPIC, sourceTopic);
        if (partition != null) {
            add(headers, SOURCE_PARTITION, partition);
            add(headers, SOURCE_OFFSET, offset);
        }
        add(headers, FAILED_AT, failedAt.toString());
        return headers;
    }

    /**
     * Whether a failure may go away by itself (registry or broker unreachable). Such records must not be
     * dead-lettered: the reader stops and retries from its last commit instead.
     */
    public static boolean retriable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AvroSerdeException serde && serde.retriable() || t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(String reason, Throwable error) {
        String text = reason != null ? reason
                : error == null ? "unknown" : error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
        return text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) : text;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
