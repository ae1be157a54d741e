package io.healthscore.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

/** A request the API refuses, with the status and the problem details to answer with. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String field;

    public ApiException(HttpStatus status, String detail, @Nullable String field) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }

    public static ApiException badParameter(String field, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail, field);
    }
}
