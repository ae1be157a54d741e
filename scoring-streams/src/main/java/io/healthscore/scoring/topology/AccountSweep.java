package io.healthscore.scoring.topology;

import io.healthscore.scoring.state.AccountState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The punctuator's walk over the task's accounts: each run re-evaluates the next {@code sliceSize} accounts in key
 * order, resuming from a cursor that wraps to the first account after the last, so one run stays short however
 * many accounts a task holds. A stored state that cannot be read (a code or format this version does not know) is
 * skipped with its reason logged and its bytes kept, as an event for that account is dead-lettered and the state
 * kept: one such account never stops the sweep of the others.
 */
final class AccountSweep {

    private static final Logger LOG = LoggerFactory.getLogger(AccountSweep.class);

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
        String from = cursor;
        String next = null;
        boolean reopen = true;
        // Collected first and handed on after the iterator is closed: stores must not change under an open iterator.
        while (reopen) {
            reopen = false;
            try (KeyValueIterator<String, AccountState> it = from == null ? accounts.all() : accounts.range(from, null)) {
                while (it.hasNext()) {
                    String key = it.peekNextKey();
                    if (slice.size() == sliceSize) {
                        next = key;
                        break;
                    }
                    try {
                        slice.add(it.next());
                    } catch (SerializationException e) {
                        LOG.warn("An account's stored state cannot be read; the sweep skips it and keeps its bytes: {}",
                                e.getMessage());
                        // Resume just after it, on a fresh iterator: the smallest key above it is itself + U+0000.
                        from = key + '\u0000';
                        reopen = true;
                        break;
                    }
                }
            }
        }
        cursor = next;
        slice.forEach(entry -> evaluate.accept(entry.key, entry.value));
    }
}
