package io.healthscore.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Counts a producer's acknowledged records and keeps its first failure, which ends the phase with an error. */
final class Acknowledgements implements Callback {

    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    @Override
    public void onCompletion(RecordMetadata metadata, Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        } else {
            acked.incrementAndGet();
        }
    }

    boolean failed() {
        return failure.get() != null;
    }

    long acked() {
        return acked.get();
    }

    /** The number acknowledged; throws naming {@code what} if any send failed. */
    long require(String what) {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
        return acked.get();
    }
}
