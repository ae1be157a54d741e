package io.healthscore.scoring.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message ids an account's inputs arrived with, remembered for {@code retention} either side of their
 * receivedAt, so a redelivery is dropped. Ids are kept per account and per input kind: message ids come from many
 * clients, and only a repeat within one account is a redelivery.
 */
final class SeenMessages {

    private static final Logger LOG = LoggerFactory.getLogger(SeenMessages.class);

    /** The kinds of input whose ids are kept apart: a usage event and a signal may share an id. */
    enum Kind {
        USAGE("u:"), SIGNAL("s:");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    private final WindowStore<String, Long> store;
    private final long retentionMillis;

    SeenMessages(WindowStore<String, Long> store, Duration retention) {
        this.store = store;
        this.retentionMillis = retention.toMillis();
    }

    /** Whether this id was seen for the account within the retention; if not, remembers it now. */
    boolean isRedelivery(Kind kind, String accountId, String messageId, Instant receivedAt) {
        String key = kind.prefix + accountId + ":" + messageId;
        long at = receivedAt.toEpochMilli();
        try (WindowStoreIterator<Long> seen = store.fetch(key, at - retentionMillis, at + retentionMillis)) {
            if (seen.hasNext()) {
                LOG.debug("Dropped redelivered message {}", key);
                return true;
            }
        }
        store.put(key, at, at);
        return false;
    }

    /** Forgets every id remembered for the account (an erasure); ids already expired are no longer in the store. */
    void forget(String accountId) {
        for (Kind kind : Kind.values()) {
            forgetPrefix(kind.prefix + accountId + ":");
        }
    }

    /** Deletes every remembered id under a key prefix (collected first: no writes under an open iterator). */
    private void forgetPrefix(String prefix) {
        List<Windowed<String>> keys = new ArrayList<>();
        // Every key that starts with the prefix sorts between it and the prefix with its last character raised.
        String upper = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
        try (KeyValueIterator<Windowed<String>, Long> it = store.fetch(prefix, upper, Instant.EPOCH,
                Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
            while (it.hasNext()) {
                Windowed<String> key = it.next().key;
                if (key.key().startsWith(prefix)) {
                    keys.add(key);
                }
            }
        }
        keys.forEach(key -> store.put(key.key(), null, key.window().start()));
    }
}
