package io.healthscore.scoring.topology;

import io.healthscore.scoring.state.AccountState;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's account store, with its recently used accounts kept decoded in memory. Reading an account's state
 * from the store means decoding it from bytes, about an eighth of scoring's CPU per event; busy accounts send most
 * of the events, so most reads hit the memory. Read-through only: every change is {@link #put} to the store in the
 * same call that made it, so an entry in memory always equals the store's value; a failure in between must
 * {@link #evict} it.
 */
final class AccountStates {

    /** Accounts of this task kept decoded, most recently used first. Bounded: a few MiB per task. */
    static final int DECODED_ACCOUNTS_PER_TASK = 1_024;

    private final KeyValueStore<String, AccountState> store;
    private final Map<String, AccountState> decoded = new LeastRecentlyUsed<>(DECODED_ACCOUNTS_PER_TASK);

    AccountStates(KeyValueStore<String, AccountState> store) {
        this.store = store;
    }

    /** The account's state as stored, decoded (from memory when recently used), or null for a new account. */
    AccountState stored(String accountId) {
        AccountState state = decoded.get(accountId);
        if (state == null) {
            state = store.get(accountId);
            if (state != null) {
                decoded.put(accountId, state);
            }
        }
        return state;
    }

    /** The account's stored state, or an empty one for a new account. */
    AccountState stateOf(String accountId) {
        AccountState state = stored(accountId);
        return state != null ? state : new AccountState();
    }

    void put(String accountId, AccountState state) {
        store.put(accountId, state);
        decoded.put(accountId, state);
    }

    void delete(String accountId) {
        store.delete(accountId);
        decoded.remove(accountId);
    }

    /** Forgets the decoded copy, which may have been changed without being stored: the next read decodes again. */
    void evict(String accountId) {
        decoded.remove(accountId);
    }

    /** Forgets every decoded copy (a task re-initialised after a failure may have had its store restored). */
    void clear() {
        decoded.clear();
    }
}
