package io.healthscore.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.alert.config.DeliveryConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private final BackoffPolicy policy = new BackoffPolicy(new DeliveryConfig(true, 10, Duration.ofSeconds(1),
            Duration.ofMinutes(2), 5, Duration.ofSeconds(30), 2.0, Duration.ofMinutes(3), Duration.ofSeconds(10)));

    @Test
    void delaysDoubleFromTheInitialBackOffUpToTheMaximum() {
        assertThat(policy.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delay(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.delay(4)).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void afterTheLastAttemptThereIsNoNextOne() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(policy.nextAttempt(4, now)).hasValue(now.plusSeconds(180));
        assertThat(policy.nextAttempt(5, now)).isEmpty();
    }
}
