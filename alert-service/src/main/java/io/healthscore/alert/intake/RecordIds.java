package io.healthscore.alert.intake;

/**
 * Checks on identifiers taken from records: present, of sane length and free of control characters, so hostile
 * values can neither bloat rows nor break the log lines, keys and links they end up in.
 */
final class RecordIds {

    static final int MAX_ID_CHARS = 256;

    private RecordIds() {
    }

    static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(field + " is blank");
        }
        if (value.length() > MAX_ID_CHARS) {
            throw new InvalidRecordException(field + " is " + value.length() + " characters long; at most "
                    + MAX_ID_CHARS + " are accepted");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRecordException(field + " contains control characters");
        }
        return value;
    }
}
