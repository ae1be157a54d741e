package io.healthscore.e2e.demo;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;
import io.healthscore.avro.Severity;
import io.healthscore.e2e.observe.PipelineRecord;
import io.healthscore.e2e.product.Persona;
import io.healthscore.e2e.product.ProductAccount;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's figures at one moment, computed from what the pipeline produced: accounts per level, transitions,
 * alerts by severity and rule, deliveries by channel, caught emails, and per persona how many accounts reached
 * Lv1 or got an IMMINENT alert after its warm-up (an account's very first scores, from a handful of events, are
 * low, so its first {@code warmUp} days of event time do not count for the personas).
 */
record DemoFigures(long events, int accounts, int accountsScored, Map<String, Long> levels, long transitions,
                   Map<String, Long> transitionsByDirection, Map<String, Long> alerts, Map<String, Long> alertsByRule,
                   Map<String, Long> deliveries, long emailsCaught, Map<String, Map<String, Object>> personas,
                   int day) {

    static DemoFigures of(PipelineRecord record, List<ProductAccount> accounts, long events, Map<String, Long> deliveries,
                          long emailsCaught, Duration warmUp, int day) {
        Map<String, HealthLevel> latest = record.latestLevels();
        Map<String, Long> levels = new LinkedHashMap<>();
        for (HealthLevel level : HealthLevel.values()) {
            levels.put(level.name(), latest.values().stream().filter(l -> l == level).count());
        }
        List<LevelTransition> transitions = record.transitions();
        Map<String, Long> byDirection = new TreeMap<>();
        transitions.forEach(t -> byDirection.merge(t.getDirection().name(), 1L, Long::sum));
        List<ChurnRiskAlert> alerts = record.alerts();
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity.name(), alerts.stream().filter(a -> a.getSeverity() == severity).count());
        }
        Map<String, Long> byRule = new TreeMap<>();
        alerts.forEach(a -> byRule.merge(a.getRule().name(), 1L, Long::sum));
        return new DemoFigures(events, accounts.size(), latest.size(), levels, transitions.size(), byDirection,
                bySeverity, byRule, deliveries, emailsCaught, personas(record, accounts, warmUp), day);
    }

    private static Map<String, Map<String, Object>> personas(PipelineRecord record, List<ProductAccount> accounts,
                                                             Duration warmUp) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Persona persona : Persona.values()) {
            List<ProductAccount> members = accounts.stream().filter(a -> a.persona() == persona).toList();
            if (members.isEmpty()) {
                continue;
            }
            long reachedLv1 = members.stream().filter(a -> {
                Instant settled = settledFrom(record, a.id(), warmUp);
                return record.scoresOf(a.id()).stream()
                        .anyMatch(s -> s.getLevel() == HealthLevel.LV1 && !s.getEvaluatedAt().isBefore(settled));
            }).count();
            long imminent = members.stream().filter(a -> {
                Instant settled = settledFrom(record, a.id(), warmUp);
                return record.alertsOf(a.id()).stream()
                        .anyMatch(al -> al.getSeverity() == Severity.IMMINENT && !al.getRaisedAt().isBefore(settled));
            }).count();
            Map<String, Long> now = new LinkedHashMap<>();
            for (HealthLevel level : HealthLevel.values()) {
                now.put(level.name(), members.stream().filter(a -> record.latest(a.id())
                        .map(s -> s.getLevel() == level).orElse(false)).count());
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("accounts", (long) members.size());
            figures.put("reached_lv1", reachedLv1);
            figures.put("imminent", imminent);
            figures.put("levels", now);
            out.put(persona.name().toLowerCase(), figures);
        }
        return out;
    }

    /** The warm-up ends {@code warmUp} after the account's first score (new accounts start late). */
    private static Instant settledFrom(PipelineRecord record, String accountId, Duration warmUp) {
        List<HealthScore> scores = record.scoresOf(accountId);
        return scores.isEmpty() ? Instant.MAX : scores.get(0).getEvaluatedAt().plus(warmUp);
    }

    /** The SUMMARY object. */
    Map<String, Object> toSummary(double wallSeconds, long rejectedRequests) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("events", events);
        s.put("accounts", accounts);
        s.put("accounts_scored", accountsScored);
        s.put("days", day);
        s.put("levels", levels);
        s.put("transitions", transitions);
        s.put("transitions_by_direction", transitionsByDirection);
        s.put("alerts", alerts);
        s.put("alerts_by_rule", alertsByRule);
        s.put("deliveries", deliveries);
        s.put("emails_caught", emailsCaught);
        s.put("personas", personas);
        s.put("rejected_requests", rejectedRequests);
        s.put("wall_seconds", Math.round(wallSeconds));
        return s;
    }
}
