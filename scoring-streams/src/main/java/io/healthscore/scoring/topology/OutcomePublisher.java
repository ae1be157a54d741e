package io.healthscore.scoring.topology;

import io.healthscore.avro.ExpansionOpportunity;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards what an evaluation publishes to the topology's sinks, stamped with the scoring clock's "now": a score to
 * {@code health-scores} and its compacted copy, a transition, each alert, each expansion signal.
 */
final class OutcomePublisher {

    private final ProcessorContext<String, SpecificRecord> context;

    OutcomePublisher(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    void publish(String accountId, EvaluationOutcome outcome, long now) {
        outcome.score().ifPresent(score -> {
            context.forward(new Record<>(accountId, score, now), ScoringTopology.HEALTH_SCORES_SINK);
            context.forward(new Record<>(accountId, score, now), ScoringTopology.HEALTH_SCORES_LATEST_SINK);
        });
        outcome.transition().ifPresent(t ->
                context.forward(new Record<>(accountId, t, now), ScoringTopology.LEVEL_TRANSITIONS_SINK));
        outcome.alerts().forEach(alert ->
                context.forward(new Record<>(accountId, alert, now), ScoringTopology.CHURN_RISK_ALERTS_SINK));
    }

    /** Expansion signals go to their own topic, never among the alerts. */
    void publish(String accountId, List<ExpansionOpportunity> expansions, long now) {
        expansions.forEach(signal ->
                context.forward(new Record<>(accountId, signal, now), ScoringTopology.EXPANSION_OPPORTUNITIES_SINK));
    }

    /** A tombstone on the compacted latest-score topic, which must not keep an erased account's last score. */
    void forgetLatest(String accountId, long now) {
        context.forward(new Record<String, SpecificRecord>(accountId, null, now),
                ScoringTopology.HEALTH_SCORES_LATEST_SINK);
    }
}
