package io.healthscore.ingest.support;

import io.healthscore.ingest.ClockFactory;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Pins the service's clock to {@code test.fixed-clock} (an ISO-8601 instant), so generated requests stay valid. */
@Factory
@Requires(property = "test.fixed-clock")
public class FixedClockFactory {

    @Singleton
    @Replaces(factory = ClockFactory.class, bean = Clock.class)
    Clock fixedClock(@Value("${test.fixed-clock}") String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }
}
