package io.healthscore.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Turns a registry's error answer ({@code {"error_code": 40403, "message": "..."}}) into the matching
 * exception, following Confluent's codes: 40401 subject, 40402 version, 40403 schema not found; 409
 * incompatible; 422 invalid; 401/403 refused credentials.
 */
final class RegistryErrorTranslator {

    private static final int MAX_DETAIL_LENGTH = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryErrorTranslator() {
    }

    static SchemaRegistryException translate(RegistryCall call, RegistryResponse response) {
        int status = response.status();
        ErrorBody error = parse(response.body());
        String registry = response.registry().toString();
        String subject = call.subject();
        if (status == 401 || status == 403) {
            return new RegistryAuthenticationException(registry, call.describe(), status, error.code(), error.message());
        }
        if (status == 404 && error.code() == 40401 && subject != null) {
            return new SubjectNotFoundException(registry, subject, status, error.code(), error.message());
        }
        if (status == 404 && error.code() == 40403 && call.schemaId() >= 0) {
            return SchemaNotFoundException.byId(registry, call.schemaId(), status, error.code(), error.message());
        }
        if (status == 404 && error.code() == 40403 && subject != null) {
            return SchemaNotFoundException.underSubject(registry, subject, status, error.code(), error.message());
        }
        if (status == 409 && subject != null) {
            return new IncompatibleSchemaException(registry, subject, status, error.code(), error.message());
        }
        if (status == 422 && subject != null && (call.carriesSchema() || error.code() == 42201)) {
            return new InvalidSchemaException(registry, subject, status, error.code(), error.message());
        }
        String hint = status == 404 && error.code() < 0
                ? " (a 404 without a registry error code usually means the URL or its path prefix is wrong)" : "";
        return new SchemaRegistryException(SchemaRegistryException.describe(registry,
                "failed " + call.describe() + hint, status, error.code(), error.message()), status, error.code());
    }

    /** The error code and message of an error body; tolerates bodies that are not the registry's JSON (proxies). */
    static ErrorBody parse(String body) {
        if (body == null || body.isBlank()) {
            return new ErrorBody(-1, "");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return new ErrorBody(node.path("error_code").asInt(-1), node.path("message").asText(""));
            }
        } catch (IOException notJson) {
            // fall through: report the raw text
        }
        String text = body.strip();
        return new ErrorBody(-1, text.length() > MAX_DETAIL_LENGTH ? text.substring(0, MAX_DETAIL_LENGTH) + "…" : text);
    }

    record ErrorBody(int code, String message) {
    }
}
