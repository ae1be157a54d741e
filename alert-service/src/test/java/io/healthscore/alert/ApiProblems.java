package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.util.Map;

/** The API's refusals as tests check them: the status, an RFC 9457 problem body with its detail, and the field. */
final class ApiProblems {

    private ApiProblems() {
    }

    /** {@code call} is refused with {@code status} and a problem naming {@code field} (not checked when null). */
    static void assertProblem(Runnable call, int status, String field) {
        HttpClientResponseException e = catchThrowableOfType(HttpClientResponseException.class, call::run);
        assertThat(e).as("expected HTTP " + status).isNotNull();
        assertThat(e.getStatus().getCode()).as(e.getResponse().getBody(String.class).orElse("")).isEqualTo(status);
        assertThat(e.getResponse().getContentType().map(Object::toString)).hasValue("application/problem+json");
        Map<?, ?> problem = e.getResponse().getBody(Map.class).orElseThrow();
        assertThat(problem.get("status")).isEqualTo(status);
        assertThat(problem.get("detail")).isNotNull();
        if (field != null) {
            assertThat(problem.get("field")).isEqualTo(field);
        }
    }
}
