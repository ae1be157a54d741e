package io.healthscore.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;

import io.healthscore.schemas.values.EmailAddress;
import io.healthscore.schemas.values.ValueBounds;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, strict reads of fields from a JSON object, recording a {@link FieldErrors} entry with the field's path
 * for every wrong type, out-of-range value or unsafe text, and returning null for absent or invalid fields.
 * Numbers must be JSON numbers (a number written as a string is an error); text must not contain NUL, other
 * control characters (except tab and newlines in free text) or unpaired surrogates.
 */
public final class JsonFields {

    /** Ids: account, user, message, ticket. */
    public static final int MAX_ID_LENGTH = 256;
    /** Free text such as names, notes and property values. */
    public static final int MAX_TEXT_LENGTH = 4096;

    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final FieldErrors errors;

    public JsonFields(FieldErrors errors) {
        this.errors = errors;
    }

    public FieldErrors errors() {
        return errors;
    }

    public static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** True when the node is an object; otherwise records an error at {@code path}. */
    public boolean requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            errors.add(path, "must be a JSON object, was " + kind(node));
            return false;
        }
        return true;
    }

    /** Records an error for every member of {@code object} not in {@code allowed}. */
    public void rejectUnknown(JsonNode object, String path, Set<String> allowed) {
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                errors.add(path(path, name), "is not a known field");
            }
        });
    }

    public String id(JsonNode object, String parent, String name, boolean required) {
        return text(object, parent, name, required, MAX_ID_LENGTH, false);
    }

    public String text(JsonNode object, String parent, String name, boolean required) {
        return text(object, parent, name, required, MAX_TEXT_LENGTH, true);
    }

    /** A string checked like an id, from a value that is not inside a JSON object (a path parameter). */
    public String checkId(String value, String path) {
        String problem = value == null || value.isBlank() ? "is required and must not be blank" : textProblem(value, MAX_ID_LENGTH, false);
        if (problem != null) {
            errors.add(path, problem);
            return null;
        }
        return value;
    }

    public Long integer(JsonNode object, String parent, String name, long min, long max) {
        JsonNode node = present(object, name);
        if (node == null) {
            return null;
        }
        String path = path(parent, name);
        if (!node.isNumber()) {
            errors.add(path, "must be a JSON number, was " + kind(node));
            return null;
        }
        if (!finite(node)) {
            errors.add(path, "must be between " + min + " and " + max);
            return null;
        }
        if (!node.isIntegralNumber() && !(node.isFloatingPointNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0)) {
            errors.add(path, "must be a whole number");
            return null;
        }
        if (!node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            errors.add(path, "must be between " + min + " and " + max);
            return null;
        }
        return node.longValue();
    }

    public java.math.BigDecimal decimal(JsonNode object, String parent, String name) {
        JsonNode node = present(object, name);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            errors.add(path(parent, name), "must be a JSON number, was " + kind(node));
            return null;
        }
        if (!finite(node)) {
            errors.add(path(parent, name), "must be between 0 and 1000000000000");
            return null;
        }
        java.math.BigDecimal value = node.decimalValue();
        if (value.signum() < 0 || value.compareTo(java.math.BigDecimal.valueOf(1_000_000_000_000L)) > 0) {
            errors.add(path(parent, name), "must be between 0 and 1000000000000");
            return null;
        }
        return value;
    }

    public Instant instant(JsonNode object, String parent, String name, boolean required) {
        String text = text(object, parent, name, required, 64, false);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(path(parent, name), "must be an ISO-8601 date-time with offset, e.g. 2026-11-23T10:15:30Z");
            return null;
        }
    }

    public LocalDate date(JsonNode object, String parent, String name) {
        String text = text(object, parent, name, false, 32, false);
        if (text == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(path(parent, name), "must be an ISO-8601 date, e.g. 2027-03-31");
            return null;
        }
        String problem = ValueBounds.dateProblem(date);
        if (problem != null) {
            errors.add(path(parent, name), problem);
            return null;
        }
        return date;
    }

    /** An address as {@link EmailAddress} accepts it, returned in its stored form (domain in lower-case ASCII). */
    public String email(JsonNode object, String parent, String name) {
        String text = text(object, parent, name, false, 320, false);
        if (text == null) {
            return null;
        }
        java.util.Optional<String> problem = EmailAddress.problem(text);
        if (problem.isPresent()) {
            errors.add(path(parent, name), "must be an e-mail address: it " + problem.get());
            return null;
        }
        return EmailAddress.normalize(text);
    }

    public String language(JsonNode object, String parent, String name) {
        return matching(object, parent, name, LANGUAGE, "must be a BCP 47 language tag such as 'ja' or 'en-US'");
    }

    public String currency(JsonNode object, String parent, String name) {
        return matching(object, parent, name, CURRENCY, "must be an ISO 4217 code such as 'JPY' or 'USD'");
    }

    /** The lower-case symbol of an enum written as text ("high_touch" or "HIGH_TOUCH"), or null. */
    public <E extends Enum<E>> E symbol(JsonNode object, String parent, String name, Class<E> type, boolean required) {
        String text = text(object, parent, name, required, 64, false);
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        errors.add(path(parent, name), "must be one of " + allowed(type));
        return null;
    }

    /**
     * A flat map of string values from an object of arbitrary JSON: scalars as their text, arrays and objects
     * as compact JSON, null members left out.
     */
    public Map<String, String> properties(JsonNode object, String parent, String name, int maxEntries) {
        JsonNode node = present(object, name);
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        String path = path(parent, name);
        if (!node.isObject()) {
            errors.add(path, "must be a JSON object, was " + kind(node));
            return out;
        }
        if (node.size() > maxEntries) {
            errors.add(path, "has " + node.size() + " members; at most " + maxEntries + " are allowed");
            return out;
        }
        node.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                return;
            }
            String text = value.isValueNode() ? value.asText() : value.toString();
            String keyProblem = textProblem(entry.getKey(), MAX_ID_LENGTH, false);
            String valueProblem = textProblem(text, MAX_TEXT_LENGTH, true);
            if (keyProblem != null || valueProblem != null) {
                errors.add(path(path, entry.getKey()), keyProblem != null ? "name " + keyProblem : valueProblem);
            } else {
                out.put(entry.getKey(), text);
            }
        });
        return out;
    }

    /**
     * False for a number beyond the range of a double ({@code 1e400} parses as infinity), which has no decimal
     * value; such a number is out of range for every field.
     */
    private static boolean finite(JsonNode number) {
        return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
    }

    /** The member, or null when absent or JSON null. */
    public static JsonNode present(JsonNode object, String name) {
        JsonNode node = object == null ? null : object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    private String matching(JsonNode object, String parent, String name, Pattern pattern, String message) {
        String text = text(object, parent, name, false, 320, false);
        if (text != null && !pattern.matcher(text).matches()) {
            errors.add(path(parent, name), message);
            return null;
        }
        return text;
    }

    private String text(JsonNode object, String parent, String name, boolean required, int maxLength,
                        boolean freeText) {
        JsonNode node = present(object, name);
        String path = path(parent, name);
        if (node == null) {
            if (required) {
                errors.add(path, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            errors.add(path, "must be a JSON string, was " + kind(node));
            return null;
        }
        String value = node.textValue();
        String problem = value.isBlank() ? "must not be blank" : textProblem(value, maxLength, freeText);
        if (problem != null) {
            errors.add(path, problem);
            return null;
        }
        return value;
    }

    static String textProblem(String value, int maxLength, boolean freeText) {
        if (value.length() > maxLength) {
            return "is " + value.length() + " characters long; at most " + maxLength + " are allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "must not contain NUL characters";
            }
            if (Character.isISOControl(c) && !(freeText && (c == '\n' || c == '\r' || c == '\t'))) {
                return "must not contain control characters";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return "must be valid Unicode (unpaired surrogate)";
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return "must be valid Unicode (unpaired surrogate)";
            }
        }
        return null;
    }

    static String kind(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "missing";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> String allowed(Class<E> type) {
        StringBuilder out = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(constant.name().toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
