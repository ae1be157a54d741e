package io.healthscore.scoring.app;

import io.healthscore.scoring.ClockMode;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import io.healthscore.scoring.state.StateLimits;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code scoring.*} settings (defaults in {@code application.yml}, documented there once). Durations take the
 * services' notation ({@code 1m}, {@code 48h}, {@code 28d} or ISO-8601 {@code PT1M}).
 *
 * @param applicationId Kafka Streams' {@code application.id}: instances with the same one share the work
 * @param modelFile the scoring model (YAML); none means the bundled {@code scoring-model.yml}
 */
@ConfigurationProperties("scoring")
public record ScoringProperties(String applicationId, @Nullable String modelFile, ClockMode clock,
                                Duration evaluationInterval, int evaluationSliceSize, Duration lateGrace,
                                Duration maxFutureSkew, Duration dedupRetention) {

    /** The topology's configuration: the model loaded, every value checked. */
    public ScoringConfig toConfig() {
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("scoring.application-id must not be empty");
        }
        ScoringModel model = modelFile == null || modelFile.isBlank()
                ? ScoringModelLoader.loadResource("scoring-model.yml") : ScoringModelLoader.load(Path.of(modelFile));
        try {
            return new ScoringConfig(model, clock, evaluationInterval, evaluationSliceSize, lateGrace, maxFutureSkew,
                    dedupRetention, StateLimits.defaults(), ScoringConfig.defaults(model).maxReasons());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid scoring.* setting: " + e.getMessage(), e);
        }
    }
}
