package io.healthscore.chaos.fault;

import java.time.Duration;
import java.util.List;

/** One fault of a run's schedule, injected {@link #pauseBefore()} after the previous one was recovered from. */
public sealed interface FaultStep {

    Duration pauseBefore();

    /**
     * kill -9 of the named services at the same moment, then a restart of each. With {@code awaitReady} false the
     * schedule goes on while they start (the next fault may hit them starting); a later fault on one of them
     * waits until it is ready first.
     */
    record KillServices(List<String> services, boolean awaitReady, Duration pauseBefore) implements FaultStep {
        public KillServices {
            services = List.copyOf(services);
        }

        public KillServices(List<String> services, Duration pauseBefore) {
            this(services, true, pauseBefore);
        }
    }

    /** The Kafka broker stopped, down for {@code down}, and started again on the same ports and log directory. */
    record RestartBroker(Duration down, Duration pauseBefore) implements FaultStep {
    }

    /**
     * The schema registry stopped for {@code down}; the named services are killed and restarted while it is away,
     * so they have to start (and look up schemas) without it.
     */
    record RegistryOutage(Duration down, List<String> restartedMeanwhile, Duration pauseBefore) implements FaultStep {
        public RegistryOutage {
            restartedMeanwhile = List.copyOf(restartedMeanwhile);
        }
    }

    /** PostgreSQL stopped (fast shutdown: sessions cut) for {@code down}, then started on the same data. */
    record DatabaseOutage(Duration down, Duration pauseBefore) implements FaultStep {
    }

    /**
     * A receiver channel answering 503 for {@code down}; the schedule goes on meanwhile. Longer than the alert
     * service's retry budget, it dead-letters the deliveries made early in the outage.
     */
    record ReceiverOutage(String channel, Duration down, Duration pauseBefore) implements FaultStep {
    }
}
