package io.healthscore.ingest.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Makes the errors the server raises itself (unknown path 404, wrong method 405, headers too large, ...) use the
 * same problem+json shape as ours, so clients parse one error format. The detail is the server's own message,
 * which never contains request content.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    private final ProblemResponses problems;

    public ProblemErrorResponseProcessor(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        int status = base.code();
        String title = base.reason();
        String detail = context.getErrors().isEmpty() ? title : context.getErrors().get(0).getMessage();
        MutableHttpResponse<byte[]> rendered = problems.render(new IngestRejection(status,
                "http-" + status, title == null || title.isBlank() ? "HTTP " + status : title,
                detail == null || detail.isBlank() ? "HTTP " + status : detail, java.util.List.of(), Optional.empty()));
        // Keep the headers the server set (e.g. Allow on 405) on the rendered response.
        base.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> rendered.header(name, value));
            }
        });
        return rendered;
    }
}
