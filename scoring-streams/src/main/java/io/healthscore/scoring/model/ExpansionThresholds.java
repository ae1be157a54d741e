package io.healthscore.scoring.model;

import io.healthscore.avro.HealthLevel;
import java.time.Duration;
import java.util.Objects;

/**
 * The rules of the expansion signal (upsell moments), configured under {@code expansion:} in the model file.
 * SEATS_EXCEEDED: U = distinct users of the last {@code seatsWindowDays} days (today included) &ge; seats + extra,
 * extra = max({@code seatsMinExtraUsers}, ceil(seats &middot; {@code seatsMargin})); judged only with seats on the
 * profile. RISING_ADOPTION: at {@code adoptionLevel} or above for at least {@code adoptionSustainedDays}, and the active
 * user-days of the last {@code adoptionWindowDays} complete days at least (1 + {@code adoptionMinGrowth}) times those of
 * the window before, which had at least {@code adoptionMinUserDays}. At most one signal per account and kind per
 * {@code cooldown}. Defaults: 7 days, margin 0.1, 1 extra user; LV4 for 14 days, windows of 14 days, growth 0.25,
 * 10 user-days; cooldown 30 days.
 */
public record ExpansionThresholds(boolean enabled, int seatsWindowDays, double seatsMargin, int seatsMinExtraUsers,
                                  HealthLevel adoptionLevel, int adoptionSustainedDays, int adoptionWindowDays,
                                  double adoptionMinGrowth, int adoptionMinUserDays, Duration cooldown) {

    /** Two windows of at most 14 days fit in the 35 days of history an account keeps. */
    public static final int MAX_ADOPTION_WINDOW_DAYS = 14;
    public static final int MIN_ADOPTION_WINDOW_DAYS = 7;
    /** The distinct users of at most 28 days are kept exactly. */
    public static final int MAX_SEATS_WINDOW_DAYS = 28;

    public ExpansionThresholds {
        Objects.requireNonNull(adoptionLevel, "adoptionLevel");
        Objects.requireNonNull(cooldown, "cooldown");
        if (seatsWindowDays < 1 || seatsWindowDays > MAX_SEATS_WINDOW_DAYS) {
            throw new IllegalArgumentException("seatsExceeded.windowDays must be 1.." + MAX_SEATS_WINDOW_DAYS
                    + ", got " + seatsWindowDays);
        }
        if (!(seatsMargin >= 0 && seatsMargin <= 10)) {
            throw new IllegalArgumentException("seatsExceeded.margin must be 0..10, got " + seatsMargin);
        }
        if (seatsMinExtraUsers < 1) {
            throw new IllegalArgumentException("seatsExceeded.minExtraUsers must be at least 1, got "
                    + seatsMinExtraUsers);
        }
        if (adoptionWindowDays < MIN_ADOPTION_WINDOW_DAYS || adoptionWindowDays > MAX_ADOPTION_WINDOW_DAYS) {
            throw new IllegalArgumentException("risingAdoption.windowDays must be " + MIN_ADOPTION_WINDOW_DAYS + ".."
                    + MAX_ADOPTION_WINDOW_DAYS + ", got " + adoptionWindowDays);
        }
        if (adoptionSustainedDays < 0) {
            throw new IllegalArgumentException("risingAdoption.sustainedDays must not be negative");
        }
        if (!(adoptionMinGrowth > 0 && adoptionMinGrowth <= 10)) {
            throw new IllegalArgumentException("risingAdoption.minGrowth must be above 0 and at most 10, got "
                    + adoptionMinGrowth);
        }
        if (adoptionMinUserDays < 1) {
            throw new IllegalArgumentException("risingAdoption.minUserDays must be at least 1, got "
                    + adoptionMinUserDays);
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("expansion.cooldownDays must not be negative");
        }
    }

    public static ExpansionThresholds defaults() {
        return new ExpansionThresholds(true, 7, 0.1, 1, HealthLevel.LV4, 14, 14, 0.25, 10, Duration.ofDays(30));
    }
}
