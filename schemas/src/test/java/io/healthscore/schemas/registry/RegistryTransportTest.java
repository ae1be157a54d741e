package io.healthscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryTransportTest {

    @Test
    void backOffDoublesFromTheInitialDelayUpToTheMaximum() {
        // Given
        SchemaRegistryConfig config = new SchemaRegistryConfig(List.of(URI.create("http://127.0.0.1:1")),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(1), 50, Duration.ofMillis(100),
                Duration.ofSeconds(2));

        // When
        try (RegistryTransport transport = new RegistryTransport(config)) {

            // Then
            assertThat(List.of(transport.backoff(1), transport.backoff(2), transport.backoff(3), transport.backoff(5),
                    transport.backoff(6), transport.backoff(50)))
                    .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                            Duration.ofMillis(1600), Duration.ofSeconds(2), Duration.ofSeconds(2));
        }
    }
}
