package io.healthscore.schemas.values;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The ranges every date and time in healthscore's records must lie in: calendar dates (renewal, contract start)
 * in the years 1900–2200, instants (event, update and evaluation times) in the same years. Ingest refuses values
 * outside them with a 400; readers (scoring, alert-service) check again before they store a record, because a
 * record may reach a topic without passing ingest, and a value outside them (year -5000) is one a database refuses.
 */
public final class ValueBounds {

    public static final LocalDate MIN_DATE = LocalDate.of(1900, 1, 1);
    public static final LocalDate MAX_DATE = LocalDate.of(2200, 12, 31);
    public static final Instant MIN_INSTANT = MIN_DATE.atStartOfDay().toInstant(ZoneOffset.UTC);
    public static final Instant MAX_INSTANT = MAX_DATE.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);

    private ValueBounds() {
    }

    /** True for null (not given) and for dates within 1900-01-01..2200-12-31. */
    public static boolean dateInRange(LocalDate date) {
        return date == null || (!date.isBefore(MIN_DATE) && !date.isAfter(MAX_DATE));
    }

    /** True for null (not given) and for instants within the years 1900..2200 (UTC). */
    public static boolean instantInRange(Instant instant) {
        return instant == null || (!instant.isBefore(MIN_INSTANT) && instant.isBefore(MAX_INSTANT));
    }

    /** The problem to report for a date field, or null when it is in range. */
    public static String dateProblem(LocalDate date) {
        return dateInRange(date) ? null : "must be a date between " + MIN_DATE + " and " + MAX_DATE;
    }

    /** The problem to report for an instant field, or null when it is in range. */
    public static String instantProblem(Instant instant) {
        return instantInRange(instant) ? null : "must be a time between " + MIN_INSTANT + " and " + MAX_INSTANT;
    }
}
