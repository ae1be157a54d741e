package io.healthscore.scoring;

import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.state.StateLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the topology needs besides the topics. Defaults ({@link #defaults(ScoringModel)}): wall clock;
 * re-evaluate up to 500 accounts per task every minute; accept events up to 3 days late and 5 minutes ahead of
 * their {@code receivedAt} (and of now); remember message ids for 48 hours; {@link StateLimits#defaults()};
 * 3 reasons per score.
 *
 * @param evaluationInterval how often the punctuator wakes (wall clock or stream time, per {@code clock})
 * @param evaluationSliceSize how many accounts one punctuation re-evaluates at most, resuming where the last stopped
 * @param lateGrace how long after it occurred an event may reach us (receivedAt - occurredAt) and still change the
 *                  score (at most 28 days, the default)
 * @param maxFutureSkew how far after its receivedAt, or after now, an event may claim to have occurred
 * @param dedupRetention how long a message id is remembered to drop redeliveries (at least 24 hours)
 */
public record ScoringConfig(ScoringModel model, ClockMode clock, Duration evaluationInterval, int evaluationSliceSize,
                            Duration lateGrace, Duration maxFutureSkew, Duration dedupRetention, StateLimits limits,
                            int maxReasons) {

    /** The longest window any component looks back over; older events cannot change a score. */
    public static final Duration LONGEST_WINDOW = Duration.ofDays(28);

    /**
     * Longest accepted id (account, message, user, ticket, feature, step, segment, source); longer ones are rejected
     * to the DLQ. The same limit as ingest's, so nothing ingest accepts is refused here.
     */
    public static final int MAX_ID_LENGTH = 256;

    /** Longest accepted free text (a name, a note), as at ingest. */
    public static final int MAX_FREE_TEXT_LENGTH = 4096;

    /** Most licensed seats an account may have, as at ingest. */
    public static final int MAX_SEATS = 10_000_000;

    public ScoringConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(clock, "clock");
        requirePositive("evaluationInterval", evaluationInterval);
        requirePositive("maxFutureSkew", maxFutureSkew);
        if (evaluationSliceSize < 1) {
            throw new IllegalArgumentException("evaluationSliceSize must be at least 1");
        }
        if (lateGrace.isNegative() || lateGrace.compareTo(LONGEST_WINDOW) > 0) {
            throw new IllegalArgumentException("lateGrace must be between 0 and 28 days (the longest window), got "
                    + lateGrace);
        }
        if (dedupRetention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("dedupRetention must be at least 24 hours, got " + dedupRetention);
        }
        Objects.requireNonNull(limits, "limits");
    }

    public static ScoringConfig defaults(ScoringModel model) {
        // Late grace = the longest window: an event that reaches us late (an offline client syncing, a backfill)
        // still counts as long as it could change a score, which matches ingest's default event-time horizon.
        return new ScoringConfig(model, ClockMode.WALL_CLOCK, Duration.ofMinutes(1), 500, LONGEST_WINDOW,
                Duration.ofMinutes(5), Duration.ofHours(48), StateLimits.defaults(), 3);
    }

    public ScoringConfig withClock(ClockMode mode) {
        return new ScoringConfig(model, mode, evaluationInterval, evaluationSliceSize, lateGrace, maxFutureSkew,
                dedupRetention, limits, maxReasons);
    }

    public ScoringConfig withModel(ScoringModel newModel) {
        return new ScoringConfig(newModel, clock, evaluationInterval, evaluationSliceSize, lateGrace, maxFutureSkew,
                dedupRetention, limits, maxReasons);
    }

    public ScoringConfig withLateGrace(Duration grace) {
        return new ScoringConfig(model, clock, evaluationInterval, evaluationSliceSize, grace, maxFutureSkew,
                dedupRetention, limits, maxReasons);
    }

    public ScoringConfig withEvaluation(Duration interval, int sliceSize) {
        return new ScoringConfig(model, clock, interval, sliceSize, lateGrace, maxFutureSkew, dedupRetention, limits,
                maxReasons);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
