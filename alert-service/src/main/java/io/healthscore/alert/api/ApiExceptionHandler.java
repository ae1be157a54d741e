package io.healthscore.alert.api;

import io.healthscore.http.Problem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers {@link ApiException}s as problem+json. */
@Produces
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<Problem>> {

    @Override
    @SuppressWarnings("rawtypes") // ExceptionHandler declares the raw HttpRequest.
    public HttpResponse<Problem> handle(HttpRequest request, ApiException exception) {
        return Problem.response(exception.status(), exception.getMessage(), exception.field());
    }
}
