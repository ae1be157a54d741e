package io.healthscore.alert.intake;

import java.util.List;

/**
 * A {@link RecordHandler} that can also store a whole poll's records in one transaction. {@link #handleAll} is all
 * or nothing: when it throws, nothing of the batch is stored, and the intake handles the same records one by one
 * with {@link #handle}, so that a bad record is dead-lettered alone and a transient failure retried from it.
 */
public interface BatchRecordHandler<V> extends RecordHandler<V> {

    /** Stores every value (none null) in one transaction, or none of them. */
    void handleAll(List<V> values);
}
