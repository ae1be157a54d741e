package io.healthscore.alert.playbook;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A named rule: when an alert (or, for a transition playbook, a level transition) matches, its actions run in
 * order. Exactly one of {@code match} and {@code transition} is set, so a playbook runs on alerts or on
 * transitions, never on both.
 */
public record Playbook(String name, @Nullable PlaybookMatch match, @Nullable TransitionMatch transition,
                       List<PlaybookAction> actions) {

    public Playbook {
        if ((match == null) == (transition == null)) {
            throw new IllegalArgumentException("a playbook matches either alerts or transitions: " + name);
        }
    }

    public boolean matches(AlertFacts facts) {
        return match != null && match.matches(facts);
    }

    public boolean matches(TransitionFacts facts) {
        return transition != null && transition.matches(facts);
    }
}
