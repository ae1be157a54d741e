package io.healthscore.ingest.problem;

import io.healthscore.http.Problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;

/**
 * Renders an {@link IngestRejection} as the services' RFC 9457 {@link Problem}: type, title, status, detail and
 * errors (an array of {field, message}); adds {@code Retry-After} (seconds) and,
 * for 401, {@code WWW-Authenticate: Basic}.
 */
@Singleton
public final class ProblemResponses {

    public static final io.micronaut.http.MediaType PROBLEM_JSON = Problem.PROBLEM_JSON;
    static final String TYPE_BASE = "https://healthscore.io/problems/";

    private final ObjectMapper json = new ObjectMapper();

    public MutableHttpResponse<byte[]> render(IngestRejection rejection) {
        Problem problem = new Problem(TYPE_BASE + rejection.reason(), rejection.title(), rejection.status(),
                rejection.detail(), null, rejection.errors().stream()
                        .map(e -> new Problem.FieldProblem(e.field(), e.message())).toList());
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(rejection.status()))
                .contentType(PROBLEM_JSON)
                .body(bytes(problem));
        rejection.retryAfter().ifPresent(delay ->
                // Whole seconds, rounded up, so a client that honours it never comes back too early.
                response.header("Retry-After", Long.toString(Math.max(1, (delay.toMillis() + 999) / 1000))));
        if (rejection.status() == 401) {
            response.header("WWW-Authenticate", "Basic realm=\"healthscore ingest\", charset=\"UTF-8\"");
        }
        return response;
    }

    private byte[] bytes(Problem body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
