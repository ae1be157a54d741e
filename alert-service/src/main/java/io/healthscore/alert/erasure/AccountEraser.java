package io.healthscore.alert.erasure;

import io.healthscore.alert.erasure.ErasureRepository.ErasureRecord;
import io.healthscore.alert.store.Database;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases one account end to end, in this order: tombstones on the compacted topics (account-profiles with the
 * erase header, so scoring deletes the account's state and its changelog entries; health-scores-latest), then, in
 * one transaction, every row alert-service holds of it (alerts, deliveries with their rendered bodies and attempts,
 * escalations, scores, transitions, profile) and the account redacted from other rows' bodies, plus a record of the
 * erasure: who and when, the SHA-256 of the id, not the data. Tombstones first: when Kafka is down nothing is
 * deleted and the operator retries; a retry after a database failure writes the (idempotent) tombstones again.
 * Records of the account already on their way are dropped for {@code erasure.quarantine} ({@link ErasedAccounts}).
 */
@Singleton
public final class AccountEraser {

    /** What replaces the account's id and name in bodies that mention it among others. */
    public static final String REDACTION = "[erased account]";

    private static final Logger LOG = LoggerFactory.getLogger(AccountEraser.class);

    private final ErasureTombstones tombstones;
    private final Database db;
    private final ErasureRepository repository;
    private final ErasedAccounts erased;
    private final Clock clock;

    public AccountEraser(ErasureTombstones tombstones, Database db, ErasureRepository repository,
                         ErasedAccounts erased, Clock clock) {
        this.tombstones = tombstones;
        this.db = db;
        this.repository = repository;
        this.erased = erased;
        this.clock = clock;
    }

    /** The outcome: the erasure's record and the topics that got a tombstone. */
    public record Erasure(ErasureRecord record, List<String> tombstonedTopics) {
    }

    public Erasure erase(String accountId, String requestedBy) {
        String hash = ErasedAccounts.sha256(accountId);
        // Read before the tombstones: the intake deletes the profile row as soon as it reads the profile tombstone.
        String name = db.inTransaction(c -> repository.nameOf(c, accountId));
        Instant now = clock.instant();
        // From here on, records of the account still on their way are dropped, also those read while deleting.
        erased.erased(hash, now);
        List<String> topics;
        try {
            topics = tombstones.publish(accountId, UUID.randomUUID().toString());
        } catch (RuntimeException e) {
            // Nothing was erased: the account's records must be stored again.
            erased.cancel(hash, now);
            throw e;
        }
        ErasureRecord record = db.inTransaction(c -> repository.record(c, hash, requestedBy, now,
                repository.deleteAccount(c, accountId, name, REDACTION)));
        LOG.info("Erasure {} by {}: {} rows deleted, {} redacted, tombstones on {}", record.id(), requestedBy,
                record.rowsDeleted(), record.rowsRedacted(), topics);
        return new Erasure(record, topics);
    }

    public List<ErasureRecord> recent(Instant since, int limit) {
        return db.inTransaction(c -> repository.since(c, since, limit));
    }
}
