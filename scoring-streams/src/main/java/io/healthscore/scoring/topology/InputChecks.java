package io.healthscore.scoring.topology;

import io.healthscore.schemas.values.EmailAddress;
import io.healthscore.schemas.values.ValueBounds;
import io.healthscore.scoring.ScoringConfig;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Field checks shared by the input types. Each throws {@link InputRejectedException} with a reason that starts
 * with the field's name and never repeats a text's content (it may be huge or hold control characters): the Kafka
 * key must be the account id; ids are 1..{@value ScoringConfig#MAX_ID_LENGTH} characters without control
 * characters; free text is at most {@value ScoringConfig#MAX_FREE_TEXT_LENGTH} characters without NUL or control
 * characters other than tab and line breaks; no text holds an unpaired surrogate; dates and instants lie within
 * {@link ValueBounds}; e-mail addresses follow {@link EmailAddress}. Null (not given) passes every check but
 * {@link #requiredId}.
 */
final class InputChecks {

    private InputChecks() {
    }

    static void keyMatches(String key, String accountId) {
        if (key == null) {
            throw new InputRejectedException("record has no key; the key must be the accountId '"
                    + abbreviate(accountId) + "'");
        }
        if (!key.equals(accountId)) {
            throw new InputRejectedException("key '" + abbreviate(key) + "' differs from accountId '"
                    + abbreviate(accountId) + "'");
        }
    }

    static void requiredId(String field, String value) {
        if (value == null) {
            throw new InputRejectedException(field + " is required");
        }
        id(field, value);
    }

    static void id(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new InputRejectedException(field + " must not be empty");
        }
        text(field, value, ScoringConfig.MAX_ID_LENGTH, false);
    }

    static void freeText(String field, String value) {
        text(field, value, ScoringConfig.MAX_FREE_TEXT_LENGTH, true);
    }

    static void email(String field, String value) {
        if (value != null) {
            EmailAddress.problem(value).ifPresent(problem -> {
                throw new InputRejectedException(field + " " + problem);
            });
        }
    }

    static void instant(String field, Instant value) {
        String problem = ValueBounds.instantProblem(value);
        if (problem != null) {
            throw new InputRejectedException(field + " " + value + " " + problem);
        }
    }

    static void date(String field, LocalDate value) {
        String problem = ValueBounds.dateProblem(value);
        if (problem != null) {
            throw new InputRejectedException(field + " " + value + " " + problem);
        }
    }

    static void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            throw new InputRejectedException(field + " must be " + min + ".." + max + ", got " + value);
        }
    }

    static void notNegative(String field, Long value) {
        if (value != null && value < 0) {
            throw new InputRejectedException(field + " must not be negative, got " + value);
        }
    }

    private static void text(String field, String value, int maxLength, boolean freeText) {
        if (value == null) {
            return;
        }
        if (value.length() > maxLength) {
            throw new InputRejectedException(field + " is " + value.length() + " characters long; at most "
                    + maxLength + " are accepted");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                throw new InputRejectedException(field + " must not contain NUL characters");
            }
            if (Character.isISOControl(c) && !(freeText && (c == '\n' || c == '\r' || c == '\t'))) {
                throw new InputRejectedException(field + " must not contain control characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InputRejectedException(field + " must be valid Unicode (unpaired surrogate)");
            }
        }
    }

    /** At most 64 characters of a text for a reason, control characters shown as '?'. */
    private static String abbreviate(String text) {
        String shown = text.length() <= 64 ? text : text.substring(0, 64) + "...";
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
