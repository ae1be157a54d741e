package io.healthscore.alert.playbook;

import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.ExpansionKind;
import java.util.Set;

/**
 * The conditions of an expansion playbook: each set lists the accepted values, an empty set accepts anything. A
 * condition on a property the signal does not carry (no segment, say) does not match.
 */
public record ExpansionMatch(Set<ExpansionKind> kinds, Set<CoverageModel> coverageModels, Set<String> segments) {

    public boolean matches(ExpansionFacts facts) {
        return accepts(kinds, facts.kind())
                && accepts(coverageModels, facts.coverageModel())
                && accepts(segments, facts.segment());
    }

    private static <T> boolean accepts(Set<T> accepted, T value) {
        return accepted.isEmpty() || (value != null && accepted.contains(value));
    }
}
