package io.healthscore.scoring.topology;

import io.healthscore.avro.HealthLevel;
import io.healthscore.scoring.state.AccountState;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Accounts per group, kept as the accounts change, so that {@code /levels} reads a few counters instead of every
 * account: {@code count(level, segment, csm)} = the number of the task's accounts whose last published level,
 * segment and CSM owner are those. The index store says which group each account is counted in, so a change is a
 * move from one counter to another; an account without a published level is in no group. Both stores are
 * changelogged with the account store, in the same transactions, so counts and accounts never disagree after a
 * restore. A task whose index is empty while it holds accounts (state from before this tally) counts them once.
 */
public final class LevelTally {

    private final KeyValueStore<String, String> index;
    private final KeyValueStore<String, Long> counts;
    private boolean checked;

    LevelTally(KeyValueStore<String, String> index, KeyValueStore<String, Long> counts) {
        this.index = index;
        this.counts = counts;
    }

    /** The account now has {@code state}: it moves to the group its state names. */
    void update(String accountId, AccountState state) {
        move(accountId, index.get(accountId), group(state));
    }

    /** The account is gone (erased). */
    void remove(String accountId) {
        move(accountId, index.get(accountId), null);
    }

    /** Once per task: counts every stored account when the index is empty but the account store is not. */
    void countExistingOnce(KeyValueStore<String, AccountState> accounts) {
        if (checked) {
            return;
        }
        checked = true;
        try (KeyValueIterator<String, String> any = index.all()) {
            if (any.hasNext()) {
                return;
            }
        }
        try (KeyValueIterator<String, AccountState> all = accounts.all()) {
            while (all.hasNext()) {
                KeyValue<String, AccountState> entry = all.next();
                update(entry.key, entry.value);
            }
        }
    }

    private void move(String accountId, String from, String to) {
        if (from == null ? to == null : from.equals(to)) {
            return;
        }
        if (from != null) {
            Long n = counts.get(from);
            if (n == null || n <= 1) {
                counts.delete(from);
            } else {
                counts.put(from, n - 1);
            }
        }
        if (to != null) {
            Long n = counts.get(to);
            counts.put(to, n == null ? 1 : n + 1);
            index.put(accountId, to);
        } else {
            index.delete(accountId);
        }
    }

    /** The group key of a state, or null without a published level. */
    static String group(AccountState state) {
        HealthLevel level = state.lastLevel();
        return level == null ? null : Group.key(level, state.segment(), state.csmOwnerEmail());
    }

    /** A group: level, segment and CSM owner (either may be null), encoded with lengths so any text round-trips. */
    public record Group(HealthLevel level, String segment, String csm) {

        public static String key(HealthLevel level, String segment, String csm) {
            return level.name() + "|" + part(segment) + part(csm);
        }

        public static Group parse(String key) {
            int bar = key.indexOf('|');
            HealthLevel level = HealthLevel.valueOf(key.substring(0, bar));
            int[] at = {bar + 1};
            String segment = read(key, at);
            String csm = read(key, at);
            return new Group(level, segment, csm);
        }

        private static String part(String text) {
            return text == null ? "-1:" : text.length() + ":" + text;
        }

        private static String read(String key, int[] at) {
            int colon = key.indexOf(':', at[0]);
            int length = Integer.parseInt(key.substring(at[0], colon));
            if (length < 0) {
                at[0] = colon + 1;
                return null;
            }
            String text = key.substring(colon + 1, colon + 1 + length);
            at[0] = colon + 1 + length;
            return text;
        }
    }
}
