package io.healthscore.alert.compose;

import io.healthscore.avro.LevelTransition;
import io.micronaut.core.annotation.Nullable;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The parts of a level transition messages show, with the account's display name, renewal date (from the profile:
 * a transition carries none) and links resolved, as in {@link AlertView}.
 */
public record TransitionView(LevelTransition transition, String transitionId, String accountName, String link,
                             @Nullable String customerLink, @Nullable LocalDate renewalDate) {

    public String accountId() {
        return transition.getAccountId();
    }

    public List<String> reasons() {
        return transition.getReasons();
    }

    public String scoreText() {
        return String.format(Locale.ROOT, "%.1f", transition.getScore());
    }

    /** {@code LV2 → LV1 (DOWN)} */
    public String move() {
        return transition.getFromLevel() + " → " + transition.getToLevel() + " (" + transition.getDirection() + ")";
    }
}
