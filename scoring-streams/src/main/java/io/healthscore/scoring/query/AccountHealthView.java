package io.healthscore.scoring.query;

import io.healthscore.scoring.model.LevelThresholds;

import io.healthscore.avro.ScoreComponent;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.state.LevelChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /accounts/{id}/health}: the last published score and level with its components
 * (0..100 per component that had data), reasons, model version and time, the profile fields, and the recent
 * level changes (oldest first).
 */
public final class AccountHealthView {

    private AccountHealthView() {
    }

    /**
     * @param levels the model's level boundaries: {@code calibratedRisk} is P(churn within the calibration's
     *               horizon) at the last score, null with an uncalibrated model ({@code levelBasis} says which)
     */
    public static Map<String, Object> of(String accountId, AccountState state, LevelThresholds levels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accountId", accountId);
        body.put("score", state.hasScore() ? state.lastScore() : null);
        body.put("level", state.lastLevel() == null ? null : state.lastLevel().name());
        body.put("calibratedRisk", state.hasScore() ? levels.riskAt(state.lastScore()) : null);
        body.put("levelBasis", levels.isCalibrated() ? "calibrated churn risk" : "uncalibrated score bands");
        body.put("modelVersion", state.lastModelVersion());
        body.put("evaluatedAt", state.hasScore() ? Instant.ofEpochMilli(state.lastPublishedAt()).toString() : null);
        // Up to date with every event stored, unlike the last published score's (which moves only with the score).
        body.put("eventCount", state.eventsCounted());
        Map<String, Object> components = new LinkedHashMap<>();
        for (Map.Entry<ScoreComponent, Double> e : state.lastComponents().entrySet()) {
            components.put(e.getKey().name(), e.getValue());
        }
        body.put("components", components);
        body.put("reasons", List.copyOf(state.lastReasons()));
        body.put("segment", state.segment());
        body.put("coverageModel", state.coverageModel() == null ? null : state.coverageModel().name());
        body.put("csmOwnerEmail", state.csmOwnerEmail());
        body.put("renewalDate", state.renewalDate() == null ? null : state.renewalDate().toString());
        body.put("recentTransitions", state.recentLevelChanges().stream().map(AccountHealthView::change).toList());
        return body;
    }

    private static Map<String, Object> change(LevelChange change) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("from", change.from().name());
        c.put("to", change.to().name());
        c.put("direction", change.to().ordinal() > change.from().ordinal() ? "UP" : "DOWN");
        c.put("score", Math.round(change.score() * 10) / 10.0);
        c.put("at", Instant.ofEpochMilli(change.atMillis()).toString());
        return c;
    }
}
