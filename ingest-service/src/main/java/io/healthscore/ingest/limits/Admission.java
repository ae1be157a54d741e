package io.healthscore.ingest.limits;

import io.healthscore.ingest.config.IngestLimits;
import io.healthscore.ingest.config.NewAccountSettings;
import io.healthscore.ingest.config.RateLimitSettings;
import io.healthscore.ingest.config.SourceSettings;
import io.healthscore.ingest.mapping.MappedRequest;
import io.healthscore.ingest.problem.IngestRejection;
import io.healthscore.ingest.publish.OutgoingRecord;
import io.healthscore.schemas.Topics;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Decides whether a request may be written, counting events, not requests: the source's event bucket
 * ({@link #beforeParse} refuses an empty one before the body is parsed, so a flood costs no parsing), each
 * account's event bucket (across sources), and the source's new-account bucket (accounts not in
 * {@link KnownAccounts}; refilled at {@code new-accounts-per-hour}), which keeps millions of made-up account ids
 * out of the state stores and the sweep. All checks pass or the request gets 429 with Retry-After and takes
 * nothing; the checks and the takes are one step under one lock.
 */
@Singleton
public final class Admission {

    private static final long HOUR_NANOS = Duration.ofHours(1).toNanos();

    private final RateLimitSettings rates;
    private final Map<String, Integer> newAccountsPerHour = new HashMap<>();
    private final int defaultNewAccountsPerHour;
    private final KnownAccounts known;
    private final Topics topics;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> sourceBuckets = new HashMap<>();
    private final Map<String, TokenBucket> newAccountBuckets = new HashMap<>();
    private final Map<String, TokenBucket> accountBuckets;

    public Admission(RateLimitSettings rates, NewAccountSettings newAccounts, IngestLimits limits,
                     Collection<SourceSettings> sources, KnownAccounts known, Topics topics) {
        this(rates, newAccounts, limits, sources, known, topics, System::nanoTime);
    }

    Admission(RateLimitSettings rates, NewAccountSettings newAccounts, IngestLimits limits,
              Collection<SourceSettings> sources, KnownAccounts known, Topics topics, LongSupplier nanoTime) {
        int largestRequest = Math.max(limits.segmentMaxBatchEvents(), limits.nativeMaxEvents());
        if (rates.eventsPerSecond() <= 0 || rates.accountEventsPerSecond() <= 0 || rates.trackedAccounts() < 1) {
            throw new IllegalArgumentException("ingest.rate-limit.events-per-second, account-events-per-second and "
                    + "tracked-accounts must be positive");
        }
        if (rates.burst() < largestRequest || rates.accountBurst() < 1) {
            throw new IllegalArgumentException("ingest.rate-limit.burst must be at least the largest request ("
                    + largestRequest + " events) and account-burst at least 1");
        }
        if (newAccounts.perSourcePerHour() < 1) {
            throw new IllegalArgumentException("ingest.new-accounts.per-source-per-hour must be at least 1");
        }
        for (SourceSettings s : sources) {
            if (s.getNewAccountsPerHour() != null) {
                if (s.getNewAccountsPerHour() < 1) {
                    throw new IllegalArgumentException("ingest.sources." + s.getName()
                            + ".new-accounts-per-hour must be at least 1");
                }
                newAccountsPerHour.put(s.getName(), s.getNewAccountsPerHour());
            }
        }
        this.rates = rates;
        this.defaultNewAccountsPerHour = newAccounts.perSourcePerHour();
        this.known = known;
        this.topics = topics;
        this.nanoTime = nanoTime;
        int tracked = rates.trackedAccounts();
        this.accountBuckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > tracked;
            }
        };
    }

    /** @throws IngestRejection 429 when the source has no token left, before its body is parsed */
    public synchronized void beforeParse(String source) {
        long wait = sourceBucket(source, nanoTime.getAsLong()).waitFor(1, nanoTime.getAsLong());
        if (wait > 0) {
            throw IngestRejection.rateLimited("This write key exceeded its event rate", Duration.ofNanos(wait));
        }
    }

    /**
     * Takes the request's events from its source's and accounts' buckets, and its new accounts from the source's
     * new-account bucket, or nothing.
     *
     * @return the number of accounts the request introduces
     * @throws IngestRejection 429 when any bucket lacks what the request needs
     */
    public int admit(String source, MappedRequest request) {
        int events = request.records().size() + request.ignored();
        Map<String, Integer> perAccount = accountsOf(request);
        // The digests cost a SHA-256 each: computed before taking the lock every request shares.
        Map<String, Long> digests = new HashMap<>();
        perAccount.keySet().forEach(account -> digests.put(account, KnownAccounts.hash(account)));
        synchronized (this) {
            return admit(source, events, perAccount, digests);
        }
    }

    private int admit(String source, int events, Map<String, Integer> perAccount, Map<String, Long> digests) {
        long now = nanoTime.getAsLong();
        TokenBucket sourceBucket = sourceBucket(source, now);
        long wait = sourceBucket.waitFor(events, now);
        if (wait > 0) {
            throw IngestRejection.rateLimited("This write key exceeded its event rate", Duration.ofNanos(wait));
        }
        Map<TokenBucket, Integer> accountTakes = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> account : perAccount.entrySet()) {
            TokenBucket bucket = accountBuckets.computeIfAbsent(account.getKey(),
                    a -> new TokenBucket(rates.accountBurst(), rates.accountEventsPerSecond(), now));
            long accountWait = bucket.waitFor(account.getValue(), now);
            if (accountWait > 0) {
                throw IngestRejection.rateLimited("Account '" + account.getKey() + "' exceeded its event rate of "
                        + rates.accountEventsPerSecond() + " per second", Duration.ofNanos(accountWait));
            }
            accountTakes.put(bucket, account.getValue());
        }
        Set<String> introduced = new LinkedHashSet<>();
        for (String account : perAccount.keySet()) {
            if (!known.containsDigest(digests.get(account))) {
                introduced.add(account);
            }
        }
        TokenBucket newBucket = null;
        if (!introduced.isEmpty()) {
            newBucket = newAccountBucket(source, now);
            long newWait = newBucket.waitFor(introduced.size(), now);
            if (newWait > 0) {
                throw IngestRejection.newAccountsLimited("This write key may introduce at most "
                        + newAccountsPerHour(source) + " new accounts per hour; this request introduces "
                        + introduced.size(), Duration.ofNanos(Math.min(newWait, HOUR_NANOS)));
            }
        }
        sourceBucket.take(events);
        accountTakes.forEach(TokenBucket::take);
        if (newBucket != null) {
            newBucket.take(introduced.size());
            introduced.forEach(account -> known.addDigest(digests.get(account)));
        }
        return introduced.size();
    }

    private Map<String, Integer> accountsOf(MappedRequest request) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        String parked = topics.dlqOf(topics.usageEvents()).name();
        for (OutgoingRecord<?, ?> record : request.records()) {
            if (!record.topic().name().equals(parked) && record.key() instanceof String account) {
                counts.merge(account, 1, Integer::sum);
            }
        }
        return counts;
    }

    private TokenBucket sourceBucket(String source, long now) {
        return sourceBuckets.computeIfAbsent(source, s -> new TokenBucket(rates.burst(), rates.eventsPerSecond(), now));
    }

    private TokenBucket newAccountBucket(String source, long now) {
        int perHour = newAccountsPerHour(source);
        return newAccountBuckets.computeIfAbsent(source, s -> new TokenBucket(perHour, perHour / 3600.0, now));
    }

    private int newAccountsPerHour(String source) {
        return newAccountsPerHour.getOrDefault(source, defaultNewAccountsPerHour);
    }
}
