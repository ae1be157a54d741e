package io.healthscore.chaos.reconcile;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.chaos.load.IngestCall;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Churn-risk alerts reconciled from the signals that must raise them, through {@code churn-risk-alerts}, to the
 * alert service's {@code alerts} table. Every accepted failed payment must raise its account's PAYMENT_FAILED
 * alert and every accepted detractor answer its DETRACTOR_NPS alert (other rules may fire too: renewals at risk,
 * level drops); every alertId on the topic must be stored exactly once (alertId is the table's primary key), and
 * nothing else may be stored. A record on the topic repeating an alertId is a duplicate.
 */
public record AlertFigures(long records, long distinct, Map<String, Long> byRule, long expectedFromSignals,
                           long missingExpected, long stored, long notStored, long storedNotRaised,
                           long suppressed) {

    public long duplicateRecords() {
        return records - distinct;
    }

    public long losses() {
        return missingExpected + notStored;
    }

    public long duplicates() {
        return duplicateRecords() + storedNotRaised;
    }

    public static AlertFigures reconcile(List<IngestCall.Message> acceptedSignals, List<ChurnRiskAlert> raised,
                                         List<OutboxSnapshot.StoredAlert> stored) {
        Set<String> ids = raised.stream().map(ChurnRiskAlert::getAlertId).collect(Collectors.toSet());
        Set<String> raisedPairs = raised.stream().map(a -> a.getAccountId() + "|" + a.getRule().name())
                .collect(Collectors.toSet());
        Set<String> expected = new HashSet<>();
        for (IngestCall.Message s : acceptedSignals) {
            expected.add(s.accountId() + "|" + (s.signalType().equals("payment_failed") ? "PAYMENT_FAILED" : "DETRACTOR_NPS"));
        }
        long missing = expected.stream().filter(p -> !raisedPairs.contains(p)).count();
        Set<String> storedIds = stored.stream().map(OutboxSnapshot.StoredAlert::alertId).collect(Collectors.toSet());
        long notStored = ids.stream().filter(id -> !storedIds.contains(id)).count();
        long storedNotRaised = storedIds.stream().filter(id -> !ids.contains(id)).count();
        Map<String, Long> byRule = new TreeMap<>(raised.stream().collect(Collectors.groupingBy(
                a -> a.getRule().name(), Collectors.mapping(ChurnRiskAlert::getAlertId,
                        Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size())))));
        long suppressed = stored.stream().filter(a -> a.status().equals("SUPPRESSED")).count();
        return new AlertFigures(raised.size(), ids.size(), byRule, expected.size(), missing, stored.size(), notStored,
                storedNotRaised, suppressed);
    }
}
