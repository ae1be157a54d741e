package io.healthscore.ingest.publish;

/**
 * Kafka or the schema registry did not take the records within the publish timeout. Some records of the
 * request may still have been written; the client retries and readers remove duplicates by messageId.
 */
public final class PublishUnavailableException extends RuntimeException {

    public PublishUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
