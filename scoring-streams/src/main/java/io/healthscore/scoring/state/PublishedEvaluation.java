package io.healthscore.scoring.state;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The account's last published score: its value, level, model version, components and reasons, when it was
 * published, and the last {@value #RECENT_LEVEL_CHANGES} level changes (for queries).
 */
final class PublishedEvaluation {

    /** How many level changes an account keeps for queries. */
    static final int RECENT_LEVEL_CHANGES = 5;

    double score = Double.NaN;
    HealthLevel level;
    String modelVersion;
    final EnumMap<ScoreComponent, Double> components = new EnumMap<>(ScoreComponent.class);
    final List<String> reasons = new ArrayList<>();
    final List<LevelChange> recentLevelChanges = new ArrayList<>();
    long publishedAt = AccountState.NONE;

    boolean hasScore() {
        return !Double.isNaN(score);
    }

    void published(double score, HealthLevel level, String modelVersion, Map<ScoreComponent, Double> components,
                   List<String> reasons, long atMillis) {
        if (this.level != null && level != this.level) {
            recentLevelChanges.add(new LevelChange(this.level, level, score, atMillis));
            while (recentLevelChanges.size() > RECENT_LEVEL_CHANGES) {
                recentLevelChanges.remove(0);
            }
        }
        this.reasons.clear();
        this.reasons.addAll(reasons);
        this.publishedAt = atMillis;
        this.score = score;
        this.level = level;
        this.modelVersion = modelVersion;
        this.components.clear();
        this.components.putAll(components);
    }
}
