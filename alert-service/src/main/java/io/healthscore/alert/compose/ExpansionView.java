package io.healthscore.alert.compose;

import io.healthscore.avro.ExpansionOpportunity;
import io.micronaut.core.annotation.Nullable;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The parts of an expansion signal messages show, with the account's display name, renewal date (from the profile:
 * a signal carries none) and links resolved, as in {@link TransitionView}.
 */
public record ExpansionView(ExpansionOpportunity signal, String signalKey, String accountName, String link,
                            @Nullable String customerLink, @Nullable LocalDate renewalDate) {

    public String accountId() {
        return signal.getAccountId();
    }

    public List<String> reasons() {
        return signal.getReasons();
    }

    public String scoreText() {
        return String.format(Locale.ROOT, "%.1f", signal.getScore());
    }

    /** {@code 14 active users on 10 seats}, or {@code 14 active users} without seats. */
    public String usersText() {
        Integer seats = signal.getSeats();
        return signal.getActiveUsers() + " active users" + (seats == null ? "" : " on " + seats + " seats");
    }
}
