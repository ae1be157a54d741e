package io.healthscore.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem body ({@code application/problem+json}); {@code field} names the parameter at fault.
 * Details never echo tokens or message bodies.
 */
@Serdeable
public record Problem(String type, String title, int status, String detail, @Nullable String field) {

    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

    public static MutableHttpResponse<Problem> response(HttpStatus status, String detail, @Nullable String field) {
        Problem problem = new Problem("about:blank", status.getReason(), status.getCode(), detail, field);
        return HttpResponse.<Problem>status(status).contentType(PROBLEM_JSON).body(problem);
    }
}
