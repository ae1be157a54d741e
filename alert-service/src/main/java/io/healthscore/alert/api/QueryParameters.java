package io.healthscore.alert.api;

import io.healthscore.schemas.values.ValueBounds;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/** Parses query and path parameters with errors that name the parameter and the accepted values. */
final class QueryParameters {

    static final int MAX_TEXT_CHARS = 256;

    private QueryParameters() {
    }

    static <E extends Enum<E>> E enumValue(String field, @Nullable String raw, Class<E> type) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(field, field + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()
                    + ", not '" + shortened(raw) + "'");
        }
    }

    static String text(String field, @Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.length() > MAX_TEXT_CHARS || raw.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badParameter(field, field + " must be at most " + MAX_TEXT_CHARS
                    + " printable characters");
        }
        return raw;
    }

    static int limit(@Nullable String raw, int max) {
        return limit(raw, max, max);
    }

    /** {@code limit} between 1 and {@code max}; {@code fallback} when it is not given. */
    static int limit(@Nullable String raw, int fallback, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < 1 || value > max) {
                throw ApiException.badParameter("limit", "limit must be between 1 and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("limit", "limit must be a whole number, not '" + shortened(raw) + "'");
        }
    }

    /** An ISO-8601 instant ({@code 2026-03-02T09:00:00Z}) within the years 1900..2200, or null when not given. */
    static Instant instant(String field, @Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            Instant value = Instant.parse(raw.strip());
            if (!ValueBounds.instantInRange(value)) {
                throw ApiException.badParameter(field, field + " " + ValueBounds.instantProblem(value));
            }
            return value;
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(field, field + " must be an ISO-8601 instant such as "
                    + "2026-03-02T09:00:00Z, not '" + shortened(raw) + "'");
        }
    }

    static long id(String field, String raw) {
        try {
            long value = Long.parseLong(raw);
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(field, field + " must be a positive whole number, not '" + shortened(raw) + "'");
        }
    }

    private static String shortened(String raw) {
        String clean = raw.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }
}
