package io.healthscore.backtest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The event time of a record: epoch milliseconds, epoch seconds (fractions allowed), ISO-8601 (an instant, a date
 * time with offset, or a local date time or date read as UTC), or {@code auto}: numbers above 10^11 are
 * milliseconds, smaller ones seconds, text is ISO-8601.
 */
public record TimeField(FieldPath field, Format format) {

    /** The accepted time formats, as written in a mapping file. */
    public enum Format {
        EPOCH_MS("epoch-ms"), EPOCH_S("epoch-s"), ISO_8601("iso-8601"), AUTO("auto");

        private final String yamlName;

        Format(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Format of(String name) {
            for (Format f : values()) {
                if (f.yamlName.equals(name.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            return null;
        }
    }

    private static final double MILLIS_THRESHOLD = 1e11;

    public long epochMillis(JsonNode record) throws RecordProblem {
        JsonNode node = field.find(record);
        if (node == null) {
            throw new RecordProblem("field '" + field + "' (event time) is missing");
        }
        return switch (format) {
            case EPOCH_MS -> Math.round(number(node, "epoch milliseconds"));
            case EPOCH_S -> Math.round(number(node, "epoch seconds") * 1000);
            case ISO_8601 -> iso(node);
            case AUTO -> node.isNumber() || isNumeric(node.asText()) ? auto(number(node, "a time")) : iso(node);
        };
    }

    private static long auto(double value) {
        return Math.abs(value) >= MILLIS_THRESHOLD ? Math.round(value) : Math.round(value * 1000);
    }

    private double number(JsonNode node, String expected) throws RecordProblem {
        if (node.isNumber()) {
            return node.asDouble();
        }
        String text = node.asText().trim();
        if (isNumeric(text)) {
            return Double.parseDouble(text);
        }
        throw new RecordProblem("field '" + field + "': expected " + expected + ", got '" + abbreviate(text) + "'");
    }

    private long iso(JsonNode node) throws RecordProblem {
        String text = node.asText().trim();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (text.endsWith("Z") || text.endsWith("z")) {
                return Instant.parse(text.toUpperCase(Locale.ROOT)).toEpochMilli();
            }
            if (hasOffset(text)) {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new RecordProblem("field '" + field + "': expected an ISO-8601 time, got '" + abbreviate(text) + "'");
        }
    }

    private static boolean hasOffset(String text) {
        int t = text.indexOf('T');
        if (t < 0) {
            t = text.indexOf(' ');
        }
        return t > 0 && (text.indexOf('+', t) > 0 || text.indexOf('-', t) > 0);
    }

    private static boolean isNumeric(String text) {
        if (text.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
