package io.healthscore.ingest.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Turns the server's own refusal of a body above {@code micronaut.server.max-request-size} (raised before the
 * body is buffered, from Content-Length or while streaming) into the same problem+json 413 as our checks.
 */
@Singleton
@Replaces(ContentLengthExceededHandler.class)
public final class BodyTooLargeHandler implements ExceptionHandler<ContentLengthExceededException, HttpResponse<?>> {

    private final ProblemResponses problems;

    public BodyTooLargeHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares the raw type
    public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException exception) {
        return problems.render(IngestRejection.tooLarge("body",
                "The request body exceeds the server's hard limit; nothing was stored"));
    }
}
