package io.healthscore.ingest.auth;

import io.healthscore.ingest.config.RateLimitSettings;
import io.healthscore.ingest.problem.IngestRejection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RequestRateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RequestRateLimiter limiter = new RequestRateLimiter(new RateLimitSettings(2, 3), now::get);

    @Test
    void aBurstIsAllowedThenTheNextRequestWaitsForOneToken() {
        limiter.acquire("web");
        limiter.acquire("web");
        limiter.acquire("web");

        IngestRejection limited = catchThrowableOfType(IngestRejection.class, () -> limiter.acquire("web"));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).contains(Duration.ofMillis(500));
    }

    @Test
    void tokensRefillAtTheConfiguredRate() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("web");
        }
        now.addAndGet(Duration.ofMillis(500).toNanos());

        assertThatCode(() -> limiter.acquire("web")).doesNotThrowAnyException();
    }

    @Test
    void eachSourceHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("web");
        }

        assertThatCode(() -> limiter.acquire("crm")).doesNotThrowAnyException();
    }
}
