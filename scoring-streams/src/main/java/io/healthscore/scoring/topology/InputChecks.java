package io.healthscore.scoring.topology;

import io.healthscore.scoring.ScoringConfig;

/** Field checks shared by the input types: the Kafka key must be the account id, and texts must be bounded. */
final class InputChecks {

    private InputChecks() {
    }

    static void keyMatches(String key, String accountId) {
        if (key == null) {
            throw new InputRejectedException("record has no key; the key must be the accountId '" + accountId + "'");
        }
        if (!key.equals(accountId)) {
            throw new InputRejectedException("key '" + abbreviate(key) + "' differs from accountId '"
                    + abbreviate(accountId) + "'");
        }
    }

    static void bounded(String field, String value) {
        if (value != null && value.length() > ScoringConfig.MAX_TEXT_LENGTH) {
            throw new InputRejectedException(field + " is " + value.length() + " characters long; at most "
                    + ScoringConfig.MAX_TEXT_LENGTH + " are accepted");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
