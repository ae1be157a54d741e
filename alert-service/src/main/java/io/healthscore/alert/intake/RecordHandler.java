package io.healthscore.alert.intake;

/**
 * Stores one decoded record of a topic, idempotently: the intake may hand the same record over again after a
 * crash, and it must then change nothing. Throws {@link InvalidRecordException} for records to dead-letter and
 * {@link io.healthscore.alert.store.StoreException} when the database failed (the record is retried when that is
 * {@link io.healthscore.alert.store.StoreException#retryable() retryable}, and dead-lettered when not).
 */
public interface RecordHandler<V> {

    /** @param value null for a tombstone */
    void handle(String key, V value, int partition, long offset);
}
