package io.healthscore.chaos.reconcile;

import io.healthscore.avro.HealthScore;
import io.healthscore.avro.UsageEvent;
import io.healthscore.chaos.load.Ledger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Usage events reconciled from the client's ledger through {@code usage-events} to the scores. Per account, with
 * A = messageIds accepted (2xx), T = distinct messageIds on {@code usage-events}, D = those dead-lettered by
 * scoring and c = {@code eventCount} of the account's latest score:
 * <ul>
 *   <li>lost at ingest = |A \ T| (a 2xx without the event in Kafka);</li>
 *   <li>dead-lettered = |A ∩ D| (accepted but refused by scoring: late, future, malformed);</li>
 *   <li>scoring must count exactly |T \ D|: lost in scoring = max(0, |T \ D| − c), counted twice = max(0, c − |T \ D|).</li>
 * </ul>
 * T may hold events of requests that never got a 2xx (a 503 or a lost answer can leave part of a request in
 * Kafka); scoring counts those too, so they are reported but are neither a loss nor a duplicate. Copies on the
 * topic beyond one per messageId are the retries that scoring's messageId dedup has to drop.
 */
public record EventFigures(long sent, long accepted, long unresolved, long recordsOnTopic, long distinctOnTopic,
                           long fromUnresolvedRequests, long foreignOnTopic, long reflected, long accountsScored,
                           long lostAtIngest, long deadLettered, long lostInScoring, long countedTwice) {

    public long retriedCopies() {
        return recordsOnTopic - distinctOnTopic;
    }

    public long losses() {
        return lostAtIngest + deadLettered + lostInScoring;
    }

    public long duplicates() {
        return countedTwice;
    }

    /**
     * @param usageRecords every record on {@code usage-events}
     * @param deadLetters  the usage events on {@code usage-events-dlq} that could be decoded
     * @param scores       every record on {@code health-scores}, in partition order
     */
    public static EventFigures reconcile(Ledger ledger, List<UsageEvent> usageRecords, List<UsageEvent> deadLetters,
                                         List<HealthScore> scores) {
        Map<String, Set<String>> accepted = ledger.acceptedUsage();
        Map<String, Set<String>> unresolved = ledger.unresolvedUsage();
        Map<String, Set<String>> onTopic = new HashMap<>();
        long foreign = 0;
        for (UsageEvent e : usageRecords) {
            onTopic.computeIfAbsent(e.getAccountId(), a -> new HashSet<>()).add(e.getMessageId());
            if (!ledger.wasSent(e.getMessageId())) {
                foreign++;
            }
        }
        Map<String, Set<String>> dead = new HashMap<>();
        deadLetters.forEach(e -> dead.computeIfAbsent(e.getAccountId(), a -> new HashSet<>()).add(e.getMessageId()));
        Map<String, Long> counted = new HashMap<>();
        // Records of one account share a partition, so the last one read is the account's latest score.
        scores.forEach(s -> counted.put(s.getAccountId(), s.getEventCount()));

        Set<String> accounts = new HashSet<>(accepted.keySet());
        accounts.addAll(onTopic.keySet());
        long lostAtIngest = 0;
        long deadLettered = 0;
        long lostInScoring = 0;
        long countedTwice = 0;
        long fromUnresolved = 0;
        for (String account : accounts) {
            Set<String> a = accepted.getOrDefault(account, Set.of());
            Set<String> t = onTopic.getOrDefault(account, Set.of());
            Set<String> d = dead.getOrDefault(account, Set.of());
            lostAtIngest += a.stream().filter(id -> !t.contains(id)).count();
            deadLettered += a.stream().filter(d::contains).count();
            fromUnresolved += unresolved.getOrDefault(account, Set.of()).stream().filter(t::contains).count();
            long expected = t.stream().filter(id -> !d.contains(id)).count();
            long c = counted.getOrDefault(account, 0L);
            lostInScoring += Math.max(0, expected - c);
            countedTwice += Math.max(0, c - expected);
        }
        long distinct = onTopic.values().stream().mapToLong(Set::size).sum();
        long reflected = counted.values().stream().mapToLong(Long::longValue).sum();
        long unresolvedCount = unresolved.values().stream().mapToLong(Set::size).sum();
        return new EventFigures(ledger.usageSent(), ledger.usageAccepted(), unresolvedCount, usageRecords.size(),
                distinct, fromUnresolved, foreign, reflected, counted.size(), lostAtIngest, deadLettered,
                lostInScoring, countedTwice);
    }
}
