package io.healthscore.scoring.topology;

import io.healthscore.scoring.state.AccountState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The punctuator's walk over the task's accounts: each run re-evaluates the next {@code sliceSize} accounts in key
 * order, resuming from a cursor that wraps to the first account after the last, so one run stays short however
 * many accounts a task holds.
 */
final class AccountSweep {

    private final KeyValueStore<String, AccountState> accounts;
    private final int sliceSize;
    /** The first account of the next run; null to start from the first account. */
    private String cursor;

    AccountSweep(KeyValueStore<String, AccountState> accounts, int sliceSize) {
        this.accounts = accounts;
        this.sliceSize = sliceSize;
    }

    /** Hands the next slice of accounts to {@code evaluate}, after the store's iterator is closed. */
    void run(BiConsumer<String, AccountState> evaluate) {
        List<KeyValue<String, AccountState>> slice = new ArrayList<>();
        String next = null;
        // Collected first and handed on after the iterator is closed: stores must not change under an open iterator.
        try (KeyValueIterator<String, AccountState> it = cursor == null ? accounts.all() : accounts.range(cursor, null)) {
            while (it.hasNext()) {
                String key = it.peekNextKey();
                if (slice.size() == sliceSize) {
                    next = key;
                    break;
                }
                slice.add(it.next());
            }
        }
        cursor = next;
        slice.forEach(entry -> evaluate.accept(entry.key, entry.value));
    }
}
