package io.healthscore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run as {@code results.json} (one object; the keys the README documents) and as a Markdown
 * table with the product's targets and whether each was met.
 */
final class BenchResults {

    static final double INGEST_RATIO_TARGET = 0.5;
    static final double SCORING_RATIO_TARGET = 0.25;
    static final double ALERT_P99_TARGET_MS = 1_000;
    static final double RESTORE_TARGET_SECONDS = 60;

    private final Map<String, Object> json;
    private final List<EndToEndLatency.ProbeTiming> probes;

    private BenchResults(Map<String, Object> json, List<EndToEndLatency.ProbeTiming> probes) {
        this.json = json;
        this.probes = probes;
    }

    Map<String, Object> asMap() {
        return json;
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), json);
            Files.writeString(dir.resolve("results.md"), markdown(), StandardCharsets.UTF_8);
            StringBuilder csv = new StringBuilder("account,sent_at_ms,alert_ms,delivery_ms,scoring_lag\n");
            probes.forEach(p -> csv.append(p.accountId()).append(',').append(p.sentMillis()).append(',')
                    .append(p.alertMs()).append(',').append(p.deliveryMs()).append(',').append(p.scoringLag())
                    .append('\n'));
            Files.writeString(dir.resolve("probes.csv"), csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results to " + dir + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    String markdown() {
        Map<String, Object> alert = (Map<String, Object>) json.get("e2e_alert_ms");
        Map<String, Object> delivery = (Map<String, Object>) json.get("e2e_delivery_ms");
        Map<String, Object> console = (Map<String, Object>) json.get("e2e_console_ms");
        Map<String, Object> machine = (Map<String, Object>) json.get("machine");
        StringBuilder b = new StringBuilder();
        b.append("| measure | result | target | met |\n|---|---|---|---|\n");
        row(b, "raw producer (acks=all, idempotent)", eps(json.get("raw_producer_eps")), "baseline", "");
        row(b, "raw consumer (read_committed)", eps(json.get("raw_consumer_eps")), "baseline", "");
        row(b, "ingest over HTTP", eps(json.get("ingest_eps")) + String.format(" (request p50 %s ms, p99 %s ms)",
                ms(json.get("ingest_request_p50_ms")), ms(json.get("ingest_request_p99_ms"))), "", "");
        row(b, "ingest CPU per event", String.format("%.1f µs", ((Number) json.get("ingest_cpu_us_per_event")).doubleValue()), "", "");
        row(b, "ingest / raw producer", ratio(json.get("ingest_ratio")), "≥ " + INGEST_RATIO_TARGET,
                met((double) json.get("ingest_ratio") >= INGEST_RATIO_TARGET));
        row(b, "scoring (exactly_once_v2, from a standing start)", eps(json.get("scoring_eps")), "", "");
        row(b, "scoring CPU per event (start-up included)", String.format("%.1f µs",
                ((Number) json.get("scoring_cpu_us_per_event")).doubleValue()), "", "");
        row(b, "scoring / raw consumer", ratio(json.get("scoring_ratio")), "≥ " + SCORING_RATIO_TARGET,
                met((double) json.get("scoring_ratio") >= SCORING_RATIO_TARGET));
        row(b, "accept → alert on churn-risk-alerts", percentiles(alert), "p99 ≤ " + (int) ALERT_P99_TARGET_MS + " ms",
                met((double) alert.get("p99") <= ALERT_P99_TARGET_MS));
        row(b, "accept → delivery row delivered", percentiles(delivery), "", "");
        row(b, "accept → open console inbox fetched after its live event", percentiles(console), "", "");
        row(b, "offered load", String.format("%,d events/s (achieved %s)", json.get("e2e_offered_eps"),
                eps(json.get("e2e_achieved_eps"))), "", "");
        row(b, "accounts in the state store", String.format("%,d", json.get("accounts_scored")), "", "");
        row(b, "state bytes per account", String.format("%.0f", (double) json.get("state_bytes_per_account")), "", "");
        row(b, "scoring heap after GC", mib(json.get("scoring_heap_after_gc_bytes")), "bounded", "");
        row(b, "scoring resident memory", mib(json.get("scoring_rss_bytes")), "", "");
        row(b, "restart after kill -9 until a new event is scored", String.format("%.1f s", (double) json.get("restore_seconds")),
                "< " + (int) RESTORE_TARGET_SECONDS + " s", met((double) json.get("restore_seconds") < RESTORE_TARGET_SECONDS));
        row(b, "graceful restart (SIGTERM) until a new event is scored",
                String.format("%.1f s", (double) json.get("graceful_restart_seconds")), "", "");
        b.append(String.format("%nMachine: %d cores, %s memory, Java %s, %s; load average %.1f at the start, %.1f at "
                        + "the end. Run of %s, %.0f s in all.%n",
                machine.get("cores"), mib(machine.get("memory_bytes")), machine.get("java"), machine.get("os"),
                (double) machine.get("load_average_at_start"), (double) machine.get("load_average_at_end"),
                json.get("date"), (double) json.get("total_seconds")));
        return b.toString();
    }

    private static void row(StringBuilder b, String what, String result, String target, String met) {
        b.append("| ").append(what).append(" | ").append(result).append(" | ").append(target).append(" | ")
                .append(met).append(" |\n");
    }

    private static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String eps(Object v) {
        return String.format("%,.0f events/s", ((Number) v).doubleValue());
    }

    private static String ratio(Object v) {
        return String.format("%.2f", ((Number) v).doubleValue());
    }

    private static String ms(Object v) {
        return String.format("%.1f", ((Number) v).doubleValue());
    }

    private static String mib(Object v) {
        return String.format("%,d MiB", ((Number) v).longValue() >> 20);
    }

    private static String percentiles(Map<String, Object> p) {
        return String.format("p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (%d probes)", (double) p.get("p50"),
                (double) p.get("p95"), (double) p.get("p99"), p.get("samples"));
    }

    /** Collects the phases' figures in the order the run produces them. */
    @SuppressWarnings("unchecked")
    static final class Builder {

        private final Map<String, Object> json = new LinkedHashMap<>();
        private List<EndToEndLatency.ProbeTiming> probes = List.of();
        private double rawProducer;
        private double rawConsumer;
        private final int e2eRate;

        Builder(BenchOptions options) {
            this.e2eRate = options.e2eRate();
            json.put("date", Instant.now().toString());
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("raw_events", options.rawEvents());
            o.put("ingest_clients", options.ingestClients());
            o.put("ingest_batch", options.ingestBatch());
            o.put("ingest_seconds", options.ingestDuration().toSeconds());
            o.put("accounts", options.accounts());
            o.put("history_events_per_account", options.historyEvents());
            o.put("e2e_rate", options.e2eRate());
            o.put("e2e_seconds", options.e2eDuration().toSeconds());
            o.put("scoring_properties", new java.util.TreeMap<>(BenchServices.SCORING_OVERRIDES));
            json.put("options", o);
            json.put("machine", machine());
        }

        void eventBytes(int bytes) {
            json.put("event_bytes", bytes);
        }

        void raw(RawKafkaBench.Result raw) {
            rawProducer = raw.producerEps();
            rawConsumer = raw.consumerEps();
            json.put("raw_producer_eps", raw.producerEps());
            json.put("raw_consumer_eps", raw.consumerEps());
        }

        void ingest(IngestLoad.Result ingest, double cpuSeconds) {
            json.put("ingest_cpu_us_per_event", cpuSeconds * 1e6 / Math.max(1, ingest.acceptedEvents()));
            json.put("ingest_eps", ingest.eventsPerSecond());
            json.put("ingest_ratio", ingest.eventsPerSecond() / rawProducer);
            json.put("ingest_request_p50_ms", ingest.requestLatencyMs().p50());
            json.put("ingest_request_p99_ms", ingest.requestLatencyMs().p99());
            json.put("ingest_failures", ingest.failures());
        }

        void history(long events, double eventsPerSecond) {
            json.put("history_events", events);
            json.put("history_load_eps", eventsPerSecond);
        }

        void scoring(long events, double seconds, double cpuSeconds) {
            json.put("scoring_cpu_us_per_event", cpuSeconds * 1e6 / Math.max(1, events));
            json.put("scoring_events", events);
            json.put("scoring_seconds", seconds);
            json.put("scoring_eps", events / seconds);
            json.put("scoring_ratio", events / seconds / rawConsumer);
        }

        void state(StateSize state, long heapAfterGc, long rss) {
            json.put("accounts_scored", state.accounts());
            json.put("state_bytes_per_account", state.bytesPerAccount());
            json.put("state_disk_bytes", state.diskBytes());
            json.put("state_changelog_records", state.changelogRecords());
            json.put("scoring_heap_after_gc_bytes", heapAfterGc);
            json.put("scoring_rss_bytes", rss);
        }

        void restore(double firstNewEventSeconds, double readySeconds, double gracefulSeconds) {
            json.put("restore_seconds", firstNewEventSeconds);
            json.put("restart_ready_seconds", readySeconds);
            json.put("graceful_restart_seconds", gracefulSeconds);
        }

        void e2e(EndToEndLatency.Result e2e) {
            json.put("e2e_offered_eps", e2eRate);
            json.put("e2e_achieved_eps", e2e.load().eventsPerSecond());
            json.put("e2e_alert_ms", percentiles(e2e.alert()));
            json.put("e2e_delivery_ms", percentiles(e2e.delivery()));
            json.put("e2e_console_ms", percentiles(e2e.console()));
            json.put("e2e_probes_not_shown", e2e.probesNotShown());
            json.put("e2e_probes", e2e.probes());
            json.put("e2e_probes_without_alert", e2e.probesWithoutAlert());
            json.put("e2e_probes_without_delivery", e2e.probesWithoutDelivery());
            json.put("e2e_probes_rejected", e2e.probesRejected());
            json.put("e2e_load_failures", e2e.load().failures());
            json.put("e2e_scoring_max_lag_events", e2e.scoringMaxLag());
            probes = e2e.timings();
        }

        void totalSeconds(double seconds) {
            json.put("total_seconds", seconds);
            ((Map<String, Object>) json.get("machine")).put("load_average_at_end", loadAverage());
        }

        /** The 1-minute load average, which says how busy the machine was with other work. */
        static double loadAverage() {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }

        BenchResults build() {
            return new BenchResults(json, probes);
        }

        private static Map<String, Object> percentiles(Latencies.Percentiles p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p50", p.p50());
            m.put("p95", p.p95());
            m.put("p99", p.p99());
            m.put("samples", p.samples());
            return m;
        }

        private static Map<String, Object> machine() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cores", Runtime.getRuntime().availableProcessors());
            long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getTotalMemorySize() : -1;
            m.put("memory_bytes", memory);
            m.put("java", System.getProperty("java.version"));
            m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            m.put("load_average_at_start", loadAverage());
            return m;
        }
    }
}
