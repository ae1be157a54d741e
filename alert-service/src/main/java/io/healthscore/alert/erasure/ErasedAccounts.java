package io.healthscore.alert.erasure;

import io.healthscore.alert.store.Database;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounts erased within {@link ErasureConfig#quarantine()}, by the SHA-256 of their id, so the intake can drop
 * their records that were already on the way (read from the erasures table at start-up, so a restart keeps them).
 */
@Singleton
public final class ErasedAccounts implements ApplicationEventListener<StartupEvent> {

    private static final int MAX_LOADED = 100_000;

    private final Map<String, Instant> erasedAt = new ConcurrentHashMap<>();
    private final ErasureConfig config;
    private final Database db;
    private final ErasureRepository repository;
    private final Clock clock;

    public ErasedAccounts(ErasureConfig config, Database db, ErasureRepository repository, Clock clock) {
        this.config = config;
        this.db = db;
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Instant since = clock.instant().minus(config.quarantine());
        db.inTransaction(c -> {
            repository.since(c, since, MAX_LOADED).forEach(r -> erasedAt.merge(r.accountSha256(), r.erasedAt(),
                    (a, b) -> a.isAfter(b) ? a : b));
            return null;
        });
    }

    void erased(String accountSha256, Instant at) {
        erasedAt.put(accountSha256, at);
    }

    /** Undoes {@link #erased} for an erasure that could not be written. */
    void cancel(String accountSha256, Instant at) {
        erasedAt.remove(accountSha256, at);
    }

    /** Whether records of this account are to be dropped now: it was erased less than the quarantine ago. */
    public boolean quarantined(String accountId) {
        if (erasedAt.isEmpty() || accountId == null) {
            return false;
        }
        String digest = sha256(accountId);
        Instant at = erasedAt.get(digest);
        if (at == null) {
            return false;
        }
        if (clock.instant().isAfter(at.plus(config.quarantine()))) {
            erasedAt.remove(digest, at);
            return false;
        }
        return true;
    }

    static String sha256(String accountId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(accountId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
