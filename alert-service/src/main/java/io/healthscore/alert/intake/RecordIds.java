package io.healthscore.alert.intake;

/** Checks on identifiers taken from records: present and of sane length, so hostile values cannot bloat rows. */
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
        return value;
    }
}
