package io.healthscore.backtest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * A field of a JSON record, by name or dotted path into nested objects ({@code context.page}). A field that is
 * absent or JSON null reads as missing.
 */
public final class FieldPath {

    private final String path;
    private final String[] parts;

    public FieldPath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("empty field name");
        }
        this.path = path.trim();
        this.parts = this.path.split("\\.");
        if (Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("'" + path + "' is not a field name or dotted path");
        }
    }

    /** The value node, or null when the record has no such field (or it is JSON null). */
    public JsonNode find(JsonNode record) {
        JsonNode node = record;
        for (String part : parts) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node == null || node.isNull() ? null : node;
    }

    /** The value as text (numbers in their JSON form), or null when missing or not a scalar. */
    public String text(JsonNode record) {
        JsonNode node = find(record);
        return node == null || node.isContainerNode() ? null : node.asText();
    }

    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return path;
    }
}
