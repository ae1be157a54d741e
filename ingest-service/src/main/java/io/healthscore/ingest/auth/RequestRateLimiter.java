package io.healthscore.ingest.auth;

import io.healthscore.ingest.config.RateLimitSettings;
import io.healthscore.ingest.problem.IngestRejection;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per source: a request takes a token or is refused with 429 and the time until the next token.
 * Buckets exist only for authenticated sources, so their number is bounded by the configured sources.
 */
@Singleton
public final class RequestRateLimiter {

    private final double tokensPerNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RequestRateLimiter(RateLimitSettings settings) {
        this(settings, System::nanoTime);
    }

    RequestRateLimiter(RateLimitSettings settings, LongSupplier nanoTime) {
        if (settings.requestsPerSecond() <= 0 || settings.burst() < 1) {
            throw new IllegalArgumentException("ingest.rate-limit.requests-per-second must be > 0 and burst >= 1");
        }
        this.tokensPerNano = settings.requestsPerSecond() / 1e9;
        this.capacity = settings.burst();
        this.nanoTime = nanoTime;
    }

    /** @throws IngestRejection 429 with Retry-After when the source's bucket is empty */
    public void acquire(String source) {
        Bucket bucket = buckets.computeIfAbsent(source, s -> new Bucket(capacity, nanoTime.getAsLong()));
        long waitNanos = bucket.take(nanoTime.getAsLong());
        if (waitNanos > 0) {
            throw IngestRejection.rateLimited(Duration.ofNanos(waitNanos));
        }
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        /** 0 when a token was taken, else nanoseconds until one is available. */
        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / tokensPerNano);
        }
    }
}
