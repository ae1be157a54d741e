package io.healthscore.ingest.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an {@link IngestRejection} as an RFC 9457 {@code application/problem+json} response with the members
 * type, title, status, detail and errors (an array of {field, message}); adds {@code Retry-After} (seconds) and,
 * for 401, {@code WWW-Authenticate: Basic}.
 */
@Singleton
public final class ProblemResponses {

    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    static final String TYPE_BASE = "https://healthscore.io/problems/";

    private final ObjectMapper json = new ObjectMapper();

    public MutableHttpResponse<byte[]> render(IngestRejection rejection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + rejection.reason());
        body.put("title", rejection.title());
        body.put("status", rejection.status());
        body.put("detail", rejection.detail());
        List<Map<String, String>> errors = rejection.errors().stream()
                .map(e -> Map.of("field", e.field(), "message", e.message()))
                .toList();
        body.put("errors", errors);
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(rejection.status()))
                .contentType(PROBLEM_JSON)
                .body(bytes(body));
        rejection.retryAfter().ifPresent(delay ->
                // Whole seconds, rounded up, so a client that honours it never comes back too early.
                response.header("Retry-After", Long.toString(Math.max(1, (delay.toMillis() + 999) / 1000))));
        if (rejection.status() == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"healthscore ingest\", charset=\"UTF-8\"");
        }
        return response;
    }

    private byte[] bytes(Map<String, Object> body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
