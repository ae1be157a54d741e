package io.healthscore.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem body ({@code application/problem+json}), the one error shape of every service: type, title,
 * status, detail; {@code field} names the parameter at fault, {@code errors} lists every field at fault of a body.
 * Details never echo tokens or message bodies.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, @Nullable String field,
                      @Nullable List<FieldProblem> errors) {

    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    /** The realm every bearer-token challenge names. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"healthscore\"";

    /** One field of a request at fault and why. */
    @Serdeable
    public record FieldProblem(String field, String message) {
    }

    /** A problem of type {@code about:blank} whose title is the status' reason phrase. */
    public static Problem of(HttpStatus status, String detail, @Nullable String field) {
        return new Problem("about:blank", status.getReason(), status.getCode(), detail, field, null);
    }

    public static MutableHttpResponse<Problem> response(HttpStatus status, String detail, @Nullable String field) {
        return HttpResponse.<Problem>status(status).contentType(PROBLEM_JSON).body(of(status, detail, field));
    }

    /** 401 with the bearer challenge: no token, or one that matches none configured. */
    public static MutableHttpResponse<Problem> unauthorized() {
        return response(HttpStatus.UNAUTHORIZED, "a valid bearer token is required", null)
                .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
    }

    /** 403: a known token without the role the route needs. */
    public static MutableHttpResponse<Problem> forbidden(String role) {
        return response(HttpStatus.FORBIDDEN, "this token lacks the '" + role + "' role", null);
    }
}
