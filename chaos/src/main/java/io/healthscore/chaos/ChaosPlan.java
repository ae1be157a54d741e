package io.healthscore.chaos;

import io.healthscore.chaos.fault.FaultStep;
import io.healthscore.chaos.fault.FaultStep.DatabaseOutage;
import io.healthscore.chaos.fault.FaultStep.KillServices;
import io.healthscore.chaos.fault.FaultStep.ReceiverOutage;
import io.healthscore.chaos.fault.FaultStep.RegistryOutage;
import io.healthscore.chaos.fault.FaultStep.RestartBroker;

import java.time.Duration;
import java.util.List;

/**
 * What one chaos run does: the load (accounts, events per second, batch size), the faults in order, and the
 * bounds of its phases. {@link #quick()} injects every kind of fault once, briefly (the IT); {@link #full()}
 * injects each kind at least once at length, some twice or combined.
 *
 * @param plannedLoad the load's expected length, over which each account's two signals are spread
 * @param tail        load after the last fault, before the load stops
 * @param drainAtMost how long requests still retrying after the load stopped may take before they give up
 * @param lostAnswerEvery every n-th 2xx to a usage request is dropped by the client as if lost in the network, so
 *                        the same events are sent again and scoring's messageId dedup is certain to be exercised
 */
public record ChaosPlan(String name, int accounts, double eventsPerSecond, int batchSize, Duration plannedLoad,
                        Duration tail, Duration drainAtMost, Duration evaluationInterval, int lostAnswerEvery,
                        List<FaultStep> faults) {

    public static final String INGEST = "ingest-service";
    public static final String SCORING = "scoring-streams";
    public static final String ALERTS = "alert-service";
    /** The webhook receiver of the run's playbooks ({@code channels.webhooks.crm}). */
    public static final String CRM = "crm";
    /** The Slack receiver of the run's playbooks ({@code channels.slack.cs-alerts}). */
    public static final String SLACK = "slack";

    public ChaosPlan {
        faults = List.copyOf(faults);
    }

    /**
     * About two minutes of load with every kind of fault once: the webhook receiver down past the retry budget
     * (4 attempts, 2 s doubling: about 14 s) while alerts flow; each service killed on its own (the next fault
     * while the previous service is still starting); the broker restarted; the registry away while ingest
     * restarts; PostgreSQL away; and all three services killed together.
     */
    public static ChaosPlan quick() {
        return new ChaosPlan("quick", 40, 30, 10, Duration.ofSeconds(90), Duration.ofSeconds(6),
                Duration.ofSeconds(60), Duration.ofSeconds(30), 40, List.of(
                new ReceiverOutage(CRM, seconds(24), seconds(6)),
                new KillServices(List.of(INGEST), false, seconds(4)),
                new KillServices(List.of(SCORING), false, seconds(8)),
                new RestartBroker(seconds(5), seconds(3)),
                new KillServices(List.of(ALERTS), false, seconds(3)),
                new RegistryOutage(seconds(12), List.of(INGEST), seconds(3)),
                new DatabaseOutage(seconds(8), seconds(3)),
                new KillServices(List.of(INGEST, SCORING, ALERTS), seconds(3))));
    }

    /**
     * About ten minutes of load: every fault of {@link #quick()} at length, and again in other combinations: Slack
     * and the webhook receiver down past the retry budget, the registry away while ingest and the alert service
     * restart, a second database outage and broker restart, the alert service killed while it delivers the backlog
     * of a restart, and all three services killed together twice.
     */
    public static ChaosPlan full() {
        return new ChaosPlan("full", 120, 40, 10, Duration.ofSeconds(500), Duration.ofSeconds(20),
                Duration.ofSeconds(120), Duration.ofSeconds(30), 40, List.of(
                new KillServices(List.of(INGEST), seconds(20)),
                new KillServices(List.of(SCORING), seconds(15)),
                new ReceiverOutage(SLACK, seconds(35), seconds(10)),
                new ReceiverOutage(CRM, seconds(45), seconds(25)),
                new KillServices(List.of(ALERTS), seconds(30)),
                new RestartBroker(seconds(12), seconds(20)),
                new RegistryOutage(seconds(40), List.of(INGEST, ALERTS), seconds(20)),
                new DatabaseOutage(seconds(30), seconds(20)),
                new KillServices(List.of(INGEST, SCORING, ALERTS), seconds(20)),
                new KillServices(List.of(ALERTS), seconds(10)),
                new KillServices(List.of(SCORING), seconds(20)),
                new DatabaseOutage(seconds(15), seconds(20)),
                new RestartBroker(seconds(5), seconds(20)),
                new KillServices(List.of(INGEST, SCORING), seconds(15)),
                new KillServices(List.of(INGEST, SCORING, ALERTS), seconds(20))));
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
