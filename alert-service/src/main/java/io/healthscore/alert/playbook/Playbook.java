package io.healthscore.alert.playbook;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A named rule: when an alert (or, for a transition playbook, a level transition; for an expansion playbook, an
 * expansion signal) matches, its actions run in order. Exactly one of {@code match}, {@code transition} and
 * {@code expansion} is set, so a playbook runs on one kind of record only.
 */
public record Playbook(String name, @Nullable PlaybookMatch match, @Nullable TransitionMatch transition,
                       @Nullable ExpansionMatch expansion, List<PlaybookAction> actions) {

    public Playbook {
        int kinds = (match == null ? 0 : 1) + (transition == null ? 0 : 1) + (expansion == null ? 0 : 1);
        if (kinds != 1) {
            throw new IllegalArgumentException("a playbook matches either alerts, transitions or expansion signals: "
                    + name);
        }
    }

    /** An alert or transition playbook. */
    public Playbook(String name, @Nullable PlaybookMatch match, @Nullable TransitionMatch transition,
                    List<PlaybookAction> actions) {
        this(name, match, transition, null, actions);
    }

    public boolean matches(AlertFacts facts) {
        return match != null && match.matches(facts);
    }

    public boolean matches(TransitionFacts facts) {
        return transition != null && transition.matches(facts);
    }

    public boolean matches(ExpansionFacts facts) {
        return expansion != null && expansion.matches(facts);
    }
}
