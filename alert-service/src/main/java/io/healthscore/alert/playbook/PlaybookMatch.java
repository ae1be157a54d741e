package io.healthscore.alert.playbook;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import java.util.Set;

/**
 * The conditions of a playbook: each set lists the accepted values, an empty set accepts anything. A condition
 * on a property the alert does not carry (no coverage model, say) does not match.
 */
public record PlaybookMatch(Set<AlertRule> rules, Set<Severity> severities, Set<HealthLevel> levels,
                            Set<Direction> directions, Set<CoverageModel> coverageModels, Set<String> segments) {

    public boolean matches(AlertFacts facts) {
        return accepts(rules, facts.rule())
                && accepts(severities, facts.severity())
                && accepts(levels, facts.level())
                && accepts(directions, facts.direction())
                && accepts(coverageModels, facts.coverageModel())
                && accepts(segments, facts.segment());
    }

    private static <T> boolean accepts(Set<T> accepted, T value) {
        return accepted.isEmpty() || (value != null && accepted.contains(value));
    }
}
