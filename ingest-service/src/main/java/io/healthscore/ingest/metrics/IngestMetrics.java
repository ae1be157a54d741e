package io.healthscore.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The service's metrics (Prometheus names in brackets): events accepted per endpoint and source
 * [ingest_events_accepted_total], Segment events without an account parked on the dead-letter topic
 * [ingest_events_unattributed_total], identify/alias calls acknowledged only [ingest_events_ignored_total], accounts introduced per source
 * [ingest_accounts_new_total], requests rejected per reason and source [ingest_requests_rejected_total],
 * Kafka publish latency [ingest_produce_latency_seconds] and events per request [ingest_batch_size_events].
 * Tag values are bounded: endpoints and reasons are fixed sets, sources are the configured ones or "unknown".
 */
@Singleton
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final Timer produceLatency;
    private final DistributionSummary batchSize;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.produceLatency = Timer.builder("ingest.produce.latency")
                .description("Time from first send to the last Kafka acknowledgement of a request")
                .publishPercentileHistogram()
                .register(registry);
        this.batchSize = DistributionSummary.builder("ingest.batch.size")
                .baseUnit("events")
                .description("Events per accepted request")
                .register(registry);
    }

    /**
     * A request was written: {@code stored} records on data topics, {@code unattributed} Segment events parked
     * on the dead-letter topic, {@code ignored} events acknowledged without storing (identify, alias).
     */
    public void accepted(String endpoint, String source, int stored, int unattributed, int ignored) {
        counter("ingest.events.accepted", "endpoint", endpoint, "source", source).increment(stored);
        if (unattributed > 0) {
            counter("ingest.events.unattributed", "endpoint", endpoint, "source", source).increment(unattributed);
        }
        if (ignored > 0) {
            counter("ingest.events.ignored", "endpoint", endpoint, "source", source).increment(ignored);
        }
        batchSize.record(stored + unattributed + ignored);
    }

    /** Accounts a request introduced (not known to the pipeline before) [ingest_accounts_new_total]. */
    public void newAccounts(String source, int count) {
        if (count > 0) {
            Counter.builder("ingest.accounts.new").tag("source", source).register(registry).increment(count);
        }
    }

    public void rejected(String endpoint, String source, String reason) {
        Counter.builder("ingest.requests.rejected")
                .tag("endpoint", endpoint).tag("source", source).tag("reason", reason)
                .register(registry).increment();
    }

    public void produced(Duration latency) {
        produceLatency.record(latency);
    }

    private Counter counter(String name, String k1, String v1, String k2, String v2) {
        return Counter.builder(name).tag(k1, v1).tag(k2, v2).register(registry);
    }
}
