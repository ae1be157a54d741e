package io.healthscore.scoring.model;

import io.healthscore.avro.ScoreComponent;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The scoring model in force: component weights (with per-segment overrides), the key features and required
 * onboarding steps, component parameters, level thresholds (uncalibrated score bands, or calibrated to churn risk),
 * alert thresholds, the alert cooldown (default 7 days), the emit step (default 1 point: a score is published
 * when it moves by at least this much or its level changes) and the expansion rules. {@code version} is stamped on every output as {@code modelVersion}.
 */
public record ScoringModel(String version, Map<ScoreComponent, Double> weights,
                           Map<String, Map<ScoreComponent, Double>> segmentWeights, Set<String> keyFeatures,
                           Set<String> requiredOnboardingSteps, ComponentParameters components,
                           LevelThresholds levels, AlertThresholds alerts, Duration alertCooldown, double emitStep,
                           ExpansionThresholds expansion) {

    /** Default weights; they sum to 1 but need not (the score divides by the weights in use). */
    public static final Map<ScoreComponent, Double> DEFAULT_WEIGHTS = defaultWeights();

    public ScoringModel {
        Objects.requireNonNull(version, "version");
        weights = Map.copyOf(weights);
        segmentWeights = Map.copyOf(segmentWeights);
        keyFeatures = Set.copyOf(keyFeatures);
        requiredOnboardingSteps = Set.copyOf(requiredOnboardingSteps);
        Objects.requireNonNull(components, "components");
        Objects.requireNonNull(levels, "levels");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(alertCooldown, "alertCooldown");
        Objects.requireNonNull(expansion, "expansion");
    }

    /** A model with the default expansion rules. */
    public ScoringModel(String version, Map<ScoreComponent, Double> weights,
                        Map<String, Map<ScoreComponent, Double>> segmentWeights, Set<String> keyFeatures,
                        Set<String> requiredOnboardingSteps, ComponentParameters components, LevelThresholds levels,
                        AlertThresholds alerts, Duration alertCooldown, double emitStep) {
        this(version, weights, segmentWeights, keyFeatures, requiredOnboardingSteps, components, levels, alerts,
                alertCooldown, emitStep, ExpansionThresholds.defaults());
    }

    /** SPEC §3 defaults, with the given key features and onboarding steps. */
    public static ScoringModel defaults(String version, Set<String> keyFeatures, Set<String> requiredSteps) {
        return new ScoringModel(version, DEFAULT_WEIGHTS, Map.of(), keyFeatures, requiredSteps,
                ComponentParameters.defaults(), LevelThresholds.defaults(), AlertThresholds.defaults(),
                Duration.ofDays(7), 1.0);
    }

    /** The weight of a component for an account in this segment: the segment's override, else the default. */
    public double weight(ScoreComponent component, String segment) {
        Map<ScoreComponent, Double> override = segment == null ? null : segmentWeights.get(segment);
        if (override != null && override.containsKey(component)) {
            return override.get(component);
        }
        return weights.getOrDefault(component, 0.0);
    }

    public ScoringModel withVersion(String newVersion) {
        return new ScoringModel(newVersion, weights, segmentWeights, keyFeatures, requiredOnboardingSteps, components,
                levels, alerts, alertCooldown, emitStep, expansion);
    }

    public ScoringModel withWeights(Map<ScoreComponent, Double> newWeights) {
        return new ScoringModel(version, newWeights, segmentWeights, keyFeatures, requiredOnboardingSteps, components,
                levels, alerts, alertCooldown, emitStep, expansion);
    }

    public ScoringModel withLevels(LevelThresholds newLevels) {
        return new ScoringModel(version, weights, segmentWeights, keyFeatures, requiredOnboardingSteps, components,
                newLevels, alerts, alertCooldown, emitStep, expansion);
    }

    public ScoringModel withAlerts(AlertThresholds newAlerts) {
        return new ScoringModel(version, weights, segmentWeights, keyFeatures, requiredOnboardingSteps, components,
                levels, newAlerts, alertCooldown, emitStep, expansion);
    }

    public ScoringModel withExpansion(ExpansionThresholds newExpansion) {
        return new ScoringModel(version, weights, segmentWeights, keyFeatures, requiredOnboardingSteps, components,
                levels, alerts, alertCooldown, emitStep, newExpansion);
    }

    private static Map<ScoreComponent, Double> defaultWeights() {
        Map<ScoreComponent, Double> w = new EnumMap<>(ScoreComponent.class);
        w.put(ScoreComponent.ACTIVITY, 0.20);
        w.put(ScoreComponent.LOGIN_FREQUENCY, 0.15);
        w.put(ScoreComponent.FEATURE_ADOPTION, 0.15);
        w.put(ScoreComponent.TREND, 0.10);
        w.put(ScoreComponent.ONBOARDING, 0.10);
        w.put(ScoreComponent.SUPPORT, 0.10);
        w.put(ScoreComponent.SENTIMENT, 0.10);
        w.put(ScoreComponent.PAYMENT, 0.10);
        return Map.copyOf(w);
    }
}
