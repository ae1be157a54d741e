package io.healthscore.alert.playbook;

import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import java.util.Set;

/**
 * The conditions of a transition playbook: each set lists the accepted values, an empty set accepts anything. A
 * condition on a property the transition does not carry (no segment, say) does not match.
 */
public record TransitionMatch(Set<HealthLevel> from, Set<HealthLevel> to, Set<Direction> directions,
                              Set<CoverageModel> coverageModels, Set<String> segments) {

    public boolean matches(TransitionFacts facts) {
        return accepts(from, facts.from())
                && accepts(to, facts.to())
                && accepts(directions, facts.direction())
                && accepts(coverageModels, facts.coverageModel())
                && accepts(segments, facts.segment());
    }

    /** Whether any move between two different levels, in its direction, passes the level and direction conditions. */
    boolean canHappen() {
        for (HealthLevel f : HealthLevel.values()) {
            for (HealthLevel t : HealthLevel.values()) {
                if (f != t && accepts(from, f) && accepts(to, t) && accepts(directions, direction(f, t))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the level conditions alone leave any move between two different levels. */
    boolean levelsCanDiffer() {
        for (HealthLevel f : HealthLevel.values()) {
            for (HealthLevel t : HealthLevel.values()) {
                if (f != t && accepts(from, f) && accepts(to, t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** LV1 is the weakest level: a move towards it is DOWN. */
    static Direction direction(HealthLevel from, HealthLevel to) {
        return to.ordinal() < from.ordinal() ? Direction.DOWN : Direction.UP;
    }

    private static <T> boolean accepts(Set<T> accepted, T value) {
        return accepted.isEmpty() || (value != null && accepted.contains(value));
    }
}
