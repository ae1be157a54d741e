package io.healthscore.chaos.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.healthscore.chaos.fault.FaultRecord;
import io.healthscore.chaos.load.Ledger;
import io.healthscore.chaos.reconcile.AlertFigures;
import io.healthscore.chaos.reconcile.DeliveryFigures;
import io.healthscore.chaos.reconcile.EventFigures;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of one chaos run: the faults injected, the load as the client saw it, and the reconciliation of
 * events, alerts and deliveries, summed into losses and duplicates (both must be 0), plus the log scan for
 * secrets. Renders as the Markdown table {@code ./healthscore chaos} prints, and as JSON.
 */
public record ChaosReport(String plan, long seed, Instant startedAt, Duration took, List<FaultRecord> faults,
                          Ledger.Figures requests, EventFigures events, AlertFigures alerts, DeliveryFigures deliveries,
                          SecretScan.Result secrets, List<String> notes) {

    public long losses() {
        return events.losses() + alerts.losses() + deliveries.losses();
    }

    public long duplicates() {
        return events.duplicates() + alerts.duplicates() + deliveries.duplicates();
    }

    public long secretsInLogs() {
        return secrets.hits().size();
    }

    /** 0 lost, 0 duplicated, no secret in a log, and every phase finished within its bound. */
    public boolean passed() {
        return losses() == 0 && duplicates() == 0 && secretsInLogs() == 0 && notes.isEmpty();
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "## Chaos run (%s, seed %d, %s, %d s)%n%n", plan, seed, startedAt,
                took.toSeconds()));
        md.append("| measure | value |\n|---|---|\n");
        row(md, "faults injected", faults.size() + ": " + faults.stream().map(FaultRecord::name)
                .collect(Collectors.joining("; ")));
        row(md, "events sent / accepted (2xx)", n(events.sent()) + " / " + n(events.accepted())
                + (events.unresolved() > 0 ? " (" + n(events.unresolved()) + " never settled)" : ""));
        row(md, "requests / sent again with the same messageIds", n(requests.requests()) + " / "
                + n(requests.retriedRequests()) + " (answers retried: " + n(requests.answered5xx()) + " 5xx, "
                + n(requests.answered429()) + " 429, " + n(requests.connectionsRefused()) + " refused, "
                + n(requests.noAnswer()) + " without answer, " + n(requests.answersDropped())
                + " 2xx dropped as if lost on the way back; " + n(requests.rejectedRequests()) + " rejected 4xx)");
        row(md, "events on usage-events: records / distinct messageIds", n(events.recordsOnTopic()) + " / "
                + n(events.distinctOnTopic()) + " (" + n(events.retriedCopies()) + " retried copies for scoring's dedup"
                + (events.fromUnresolvedRequests() > 0 ? "; " + n(events.fromUnresolvedRequests())
                + " from requests without a 2xx" : "") + ")");
        row(md, "events reflected in scores (Σ eventCount, " + n(events.accountsScored()) + " accounts)",
                n(events.reflected()));
        row(md, "events lost: at ingest / dead-lettered by scoring / not counted", n(events.lostAtIngest()) + " / "
                + n(events.deadLettered()) + " / " + n(events.lostInScoring()));
        row(md, "events counted twice", n(events.countedTwice()));
        row(md, "alerts raised: distinct alertIds / records", n(alerts.distinct()) + " / " + n(alerts.records())
                + " " + alerts.byRule());
        row(md, "alerts expected from accepted signals / missing", n(alerts.expectedFromSignals()) + " / "
                + n(alerts.missingExpected()));
        row(md, "alerts stored in PostgreSQL / not stored / stored but never raised", n(alerts.stored()) + " / "
                + n(alerts.notStored()) + " / " + n(alerts.storedNotRaised()) + " (" + n(alerts.suppressed())
                + " suppressed by cooldown)");
        row(md, "deliveries (outbox rows): delivered / skipped", n(deliveries.rows()) + ": " + n(deliveries.delivered())
                + " / " + n(deliveries.skipped()));
        row(md, "deliveries by channel: rows / delivered / raw receipts / distinct keys / repeats",
                deliveries.byChannel().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().rows() + "/"
                        + e.getValue().delivered() + "/" + e.getValue().receipts() + "/" + e.getValue().distinctKeys()
                        + "/" + e.getValue().repeats()).collect(Collectors.joining(", ")));
        row(md, "dead-lettered (receiver down past the retry budget) / justified / replayed and delivered once",
                n(deliveries.deadLettered()) + " / " + n(deliveries.deadJustified()) + " / "
                        + n(deliveries.replayedDelivered()) + " (receivers refused " + n(deliveries.receiptsRefused())
                        + " attempts)");
        row(md, "deliveries lost: delivered without receipt / unsettled / dead at the end", n(deliveries.lost())
                + " / " + n(deliveries.unsettled()) + " / " + n(deliveries.deadAtEnd()));
        row(md, "deliveries received twice (same key) / of them resends the outbox recorded / receipts of no row",
                n(deliveries.repeats()) + " / " + n(deliveries.repeatsRecorded()) + " / " + n(deliveries.unknownReceipts()));
        row(md, "secrets found in logs", n(secretsInLogs()) + " (" + secrets.secrets().size() + " secrets searched in "
                + secrets.files() + " log files, " + n(secrets.bytes() / 1024) + " KiB)");
        row(md, "**losses (must be 0)**", "**" + n(losses()) + "**");
        row(md, "**duplicates (must be 0)**", "**" + n(duplicates()) + "**");
        md.append("\nFaults:\n\n");
        for (FaultRecord f : faults) {
            md.append(String.format(Locale.ROOT, "- %s (%d s): %s%n", f.name(), f.duration().toSeconds(), f.detail()));
        }
        md.append("""

                How to read it:

                - *Accepted*: ingest answered 2xx, possibly after sending the same messageIds again (503, refused or \
                lost answer). *Reflected*: Σ over accounts of `eventCount` in the account's latest score; scoring must \
                count each distinct messageId on `usage-events` it did not dead-letter, once.
                - *Exactly once at the receivers*: every DELIVERED outbox row has exactly one raw receipt at its \
                receiver (an HTTP request answered 2xx carrying its `Idempotency-Key`; a message in the SMTP catcher \
                with its Message-ID), and no receipt belongs to no row. A second raw receipt of the same key is a \
                duplicate, although a receiver honouring the key would drop it.
                - *Dead-lettered by design*: a DEAD row whose receiver refused it (503) and never accepted it; it is \
                then replayed through the operator API and must arrive once.
                - *Losses*: events accepted but not counted (or not in Kafka, or dead-lettered), expected alerts not \
                raised, raised alerts not stored, DELIVERED rows without receipt, rows left unsettled or DEAD, dead \
                rows not justified, replays not delivered. *Duplicates*: events counted twice, alert records repeated, \
                alerts stored but never raised, second receipts, receipts of no row.
                """);
        if (!secrets.hits().isEmpty()) {
            md.append("\nSecrets found:\n\n");
            secrets.hits().forEach(h -> md.append("- ").append(h.secret()).append(" in ").append(h.file()).append('\n'));
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        return md.toString();
    }

    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("plan", plan);
        json.put("seed", seed);
        json.put("startedAt", startedAt.toString());
        json.put("seconds", took.toSeconds());
        json.put("losses", losses());
        json.put("duplicates", duplicates());
        json.put("secretsInLogs", secretsInLogs());
        json.put("passed", passed());
        json.put("faults", faults.stream().map(f -> Map.of("name", f.name(), "start", f.start().toString(),
                "seconds", f.duration().toSeconds(), "detail", f.detail())).toList());
        json.put("requests", requests);
        json.put("events", events);
        json.put("alerts", alerts);
        json.put("deliveries", deliveries);
        json.put("secrets", Map.of("searched", secrets.secrets(), "files", secrets.files(), "bytes", secrets.bytes(),
                "hits", secrets.hits().stream().map(h -> Map.of("secret", h.secret(), "file", h.file().toString())).toList()));
        json.put("notes", notes);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void row(StringBuilder md, String measure, String value) {
        md.append("| ").append(measure).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    private static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
