package io.healthscore.e2e.time;

import io.micronaut.context.RuntimeBeanDefinition;
import io.micronaut.runtime.Micronaut;

import java.time.Clock;

/**
 * Runs the ingest service with a {@link CompressedClock} in place of its system clock. The pipeline's time is
 * the {@code receivedAt} ingest stamps (scoring in STREAM_TIME follows it), and ingest reads it from its
 * {@code Clock} bean, which no setting changes; so the demo and the end-to-end test start the unchanged service
 * through this main class, on the service's own class path, with that one bean replaced.
 * <p>
 * Usage: {@code java -cp <ingest class path>:<e2e classes> -Dhealthscore.compressed-clock.*=... CompressedClockIngest}.
 */
public final class CompressedClockIngest {

    static final String INGEST_APPLICATION = "io.healthscore.ingest.Application";

    private CompressedClockIngest() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        CompressedClock clock = CompressedClock.fromSystemProperties(System.getProperties());
        RuntimeBeanDefinition<Clock> compressed = RuntimeBeanDefinition.builder(Clock.class, () -> clock)
                .singleton(true)
                .replaces(Clock.class)
                .build();
        Micronaut micronaut = Micronaut.build(args);
        micronaut.mainClass(Class.forName(INGEST_APPLICATION));
        micronaut.beanDefinitions(compressed);
        micronaut.start();
    }
}
