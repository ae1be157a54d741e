package io.healthscore.backtest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A value written in a rule's {@code emit}: literal text, or text with {@code ${field}} references filled from
 * the record ({@code "song-${artist}"}). {@link #render} gives null when a referenced field is missing, so the
 * caller can report the record and rule.
 */
public final class Template {

    private final String source;
    private final List<Object> parts;

    private Template(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Parses {@code source}; throws IllegalArgumentException for an unclosed or empty {@code ${}}. */
    public static Template parse(String source) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            int start = source.indexOf("${", i);
            if (start < 0) {
                parts.add(source.substring(i));
                break;
            }
            if (start > i) {
                parts.add(source.substring(i, start));
            }
            int end = source.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("'${' without a closing '}' in '" + source + "'");
            }
            String field = source.substring(start + 2, end).trim();
            if (field.isEmpty()) {
                throw new IllegalArgumentException("empty '${}' in '" + source + "'");
            }
            parts.add(new FieldPath(field));
            i = end + 1;
        }
        return new Template(source, List.copyOf(parts));
    }

    public static Template literal(String text) {
        return new Template(text, List.of(text));
    }

    public String render(JsonNode record) {
        if (parts.size() == 1 && parts.get(0) instanceof String s) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof FieldPath field) {
                String value = field.text(record);
                if (value == null) {
                    return null;
                }
                out.append(value);
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }

    /** The first field a render of this record misses, for error messages; null when none is missing. */
    public String missingField(JsonNode record) {
        for (Object part : parts) {
            if (part instanceof FieldPath field && field.text(record) == null) {
                return field.path();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return source;
    }
}
