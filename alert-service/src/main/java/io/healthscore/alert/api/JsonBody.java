package io.healthscore.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A small JSON request body read strictly: at most {@value #MAX_BYTES} bytes, one object, string fields only where
 * strings are expected. Anything else is a 400 problem naming the field, never a server error.
 */
final class JsonBody {

    static final int MAX_BYTES = 16 * 1024;

    private final Map<String, Object> fields;

    private JsonBody(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** The body as an object; an absent body (when {@code optional}) is an empty one. */
    static JsonBody parse(JsonMapper json, @Nullable byte[] body, boolean optional) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (optional) {
                return new JsonBody(Map.of());
            }
            throw ApiException.badParameter("body", "the request needs a JSON object body");
        }
        if (body.length > MAX_BYTES) {
            throw ApiException.badParameter("body", "the body is larger than " + MAX_BYTES + " bytes");
        }
        try {
            Map<String, Object> fields = json.readValue(body, Argument.mapOf(String.class, Object.class));
            if (fields == null) {
                throw ApiException.badParameter("body", "the body must be a JSON object");
            }
            return new JsonBody(fields);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.badParameter("body", "the body is not a JSON object");
        }
    }

    @Nullable
    String text(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw ApiException.badParameter(field, field + " must be a string");
        }
        return s;
    }

    String requiredText(String field) {
        String value = text(field);
        if (value == null || value.isBlank()) {
            throw ApiException.badParameter(field, field + " is required");
        }
        return value;
    }

    /** A list of non-blank strings of at most 256 characters, at most {@code max} of them. */
    List<String> texts(String field, int max) {
        Object value = fields.get(field);
        if (!(value instanceof List<?> list)) {
            throw ApiException.badParameter(field, field + " must be a list of alert ids");
        }
        if (list.isEmpty() || list.size() > max) {
            throw ApiException.badParameter(field, field + " holds between 1 and " + max + " alert ids");
        }
        for (Object item : list) {
            if (!(item instanceof String s) || s.isBlank() || s.length() > QueryParameters.MAX_TEXT_CHARS
                    || s.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badParameter(field, field + " must hold only alert ids (printable strings)");
            }
        }
        return list.stream().map(String.class::cast).toList();
    }
}
