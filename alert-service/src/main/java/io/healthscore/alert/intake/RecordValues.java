package io.healthscore.alert.intake;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthScore;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.LevelTransition;
import io.healthscore.schemas.values.EmailAddress;
import io.healthscore.schemas.values.ValueBounds;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The values a record must have before any of it is stored. Avro guarantees types, not sense: a date in the year
 * -5000, a NaN score, a 100 KB name or a list of 10,000 reasons decode fine, and some of them PostgreSQL then
 * refuses (date out of range, NUL in text) while the rest bloat rows and messages. So: ids as {@link RecordIds};
 * dates and times within {@link ValueBounds}; scores finite; text at most {@link #MAX_TEXT_CHARS} characters and
 * without NUL (other control characters are kept, and cleaned where messages are composed); at most
 * {@link #MAX_REASONS} reasons of at most {@link #MAX_REASON_CHARS} characters each; e-mail addresses, when given
 * (not blank), valid by {@link EmailAddress}. Only fields the service stores or acts on are checked. A failed
 * check throws {@link InvalidRecordException} naming the field, and the record is dead-lettered.
 */
final class RecordValues {

    /** Ingest's own cap on free text (names, notes): a record ingest accepted is never refused here. */
    static final int MAX_TEXT_CHARS = 4_096;
    static final int MAX_REASONS = 100;
    static final int MAX_REASON_CHARS = 2_000;

    private RecordValues() {
    }

    static void check(ChurnRiskAlert a) {
        RecordIds.require("alertId", a.getAlertId());
        RecordIds.require("accountId", a.getAccountId());
        finite("score", a.getScore());
        finite("delta7d", a.getDelta7d());
        reasons(a.getReasons());
        date("renewalDate", a.getRenewalDate());
        email("csmOwnerEmail", a.getCsmOwnerEmail());
        text("segment", a.getSegment());
        text("modelVersion", a.getModelVersion());
        instant("raisedAt", a.getRaisedAt());
    }

    static void check(HealthScore s) {
        RecordIds.require("accountId", s.getAccountId());
        finite("score", s.getScore());
        finite("delta7d", s.getDelta7d());
        reasons(s.getReasons());
        instant("evaluatedAt", s.getEvaluatedAt());
    }

    static void check(LevelTransition t) {
        RecordIds.require("accountId", t.getAccountId());
        finite("score", t.getScore());
        reasons(t.getReasons());
        instant("transitionedAt", t.getTransitionedAt());
    }

    static void check(ExpansionOpportunity e) {
        RecordIds.require("signalId", e.getSignalId());
        RecordIds.require("accountId", e.getAccountId());
        finite("score", e.getScore());
        reasons(e.getReasons());
        notNegative("activeUsers", e.getActiveUsers());
        notNegative("seats", e.getSeats());
        text("segment", e.getSegment());
        text("modelVersion", e.getModelVersion());
        instant("detectedAt", e.getDetectedAt());
    }

    static void check(AccountProfile p) {
        RecordIds.require("accountId", p.getAccountId());
        text("name", p.getName());
        text("segment", p.getSegment());
        email("csmOwnerEmail", p.getCsmOwnerEmail());
        email("contactEmail", p.getContactEmail());
        text("contactLanguage", p.getContactLanguage());
        date("renewalDate", p.getRenewalDate());
        instant("updatedAt", p.getUpdatedAt());
    }

    private static void notNegative(String field, Integer value) {
        if (value != null && value < 0) {
            throw new InvalidRecordException(field + " must not be negative, not " + value);
        }
    }

    private static void finite(String field, Double value) {
        if (value != null && !Double.isFinite(value)) {
            throw new InvalidRecordException(field + " must be a finite number, not " + value);
        }
    }

    private static void date(String field, LocalDate value) {
        String problem = ValueBounds.dateProblem(value);
        if (problem != null) {
            throw new InvalidRecordException(field + " " + problem + ", not " + value);
        }
    }

    private static void instant(String field, Instant value) {
        if (value == null) {
            throw new InvalidRecordException(field + " is missing");
        }
        String problem = ValueBounds.instantProblem(value);
        if (problem != null) {
            throw new InvalidRecordException(field + " " + problem + ", not " + value);
        }
    }

    private static void text(String field, String value) {
        text(field, value, MAX_TEXT_CHARS);
    }

    private static void text(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new InvalidRecordException(field + " is " + value.length() + " characters long; at most " + max
                    + " are accepted");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidRecordException(field + " contains a NUL character, which cannot be stored");
        }
    }

    private static void reasons(List<String> reasons) {
        if (reasons.size() > MAX_REASONS) {
            throw new InvalidRecordException("reasons has " + reasons.size() + " entries; at most " + MAX_REASONS
                    + " are accepted");
        }
        for (int i = 0; i < reasons.size(); i++) {
            String reason = reasons.get(i);
            if (reason == null) {
                throw new InvalidRecordException("reasons[" + i + "] is missing");
            }
            text("reasons[" + i + "]", reason, MAX_REASON_CHARS);
        }
    }

    private static void email(String field, String value) {
        if (value == null || value.isBlank()) {
            return; // Not given: the service falls back to the profile or mail.fallback-csm.
        }
        EmailAddress.problem(value).ifPresent(problem -> {
            throw new InvalidRecordException(field + " " + problem);
        });
    }
}
