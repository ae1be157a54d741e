package io.healthscore.e2e.observe;

import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.LevelTransition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the pipeline has produced so far: every score, transition and alert per account, in topic order, and
 * the latest score of each account. Thread-safe; readers get copies.
 */
public final class PipelineRecord {

    private final Map<String, List<HealthScore>> scores = new HashMap<>();
    private final List<LevelTransition> transitions = new ArrayList<>();
    private final Map<String, ChurnRiskAlert> alerts = new LinkedHashMap<>();
    private long scoreCount;
    private Instant latestEvaluation = Instant.EPOCH;

    synchronized void add(HealthScore score) {
        scores.computeIfAbsent(score.getAccountId(), k -> new ArrayList<>()).add(score);
        scoreCount++;
        if (score.getEvaluatedAt().isAfter(latestEvaluation)) {
            latestEvaluation = score.getEvaluatedAt();
        }
    }

    /** The latest evaluation time of any score read: how far scoring's (stream) time has got. */
    public synchronized Instant latestEvaluation() {
        return latestEvaluation;
    }

    synchronized void add(LevelTransition transition) {
        transitions.add(transition);
    }

    /** Alerts are keyed by their id, so a record read twice counts once. */
    synchronized void add(ChurnRiskAlert alert) {
        alerts.putIfAbsent(alert.getAlertId(), alert);
    }

    public synchronized Optional<HealthScore> latest(String accountId) {
        List<HealthScore> list = scores.get(accountId);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    public synchronized List<HealthScore> scoresOf(String accountId) {
        return List.copyOf(scores.getOrDefault(accountId, List.of()));
    }

    /** The latest level of every scored account. */
    public synchronized Map<String, HealthLevel> latestLevels() {
        Map<String, HealthLevel> levels = new HashMap<>();
        scores.forEach((account, list) -> levels.put(account, list.get(list.size() - 1).getLevel()));
        return levels;
    }

    public synchronized long scoreCount() {
        return scoreCount;
    }

    public synchronized List<LevelTransition> transitions() {
        return List.copyOf(transitions);
    }

    public synchronized List<LevelTransition> transitionsOf(String accountId) {
        return transitions.stream().filter(t -> t.getAccountId().equals(accountId)).toList();
    }

    public synchronized List<ChurnRiskAlert> alerts() {
        return List.copyOf(alerts.values());
    }

    public synchronized List<ChurnRiskAlert> alertsOf(String accountId) {
        return alerts.values().stream().filter(a -> a.getAccountId().equals(accountId)).toList();
    }
}
