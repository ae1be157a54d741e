package io.healthscore.ingest.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers every {@link IngestRejection} that escapes a controller with its problem+json response. */
@Singleton
public final class RejectionHandler implements ExceptionHandler<IngestRejection, HttpResponse<?>> {

    private final ProblemResponses problems;

    public RejectionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares the raw type
    public HttpResponse<?> handle(HttpRequest request, IngestRejection exception) {
        return problems.render(exception);
    }
}
