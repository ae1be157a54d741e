package io.healthscore.ingest.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import jakarta.inject.Singleton;

/**
 * A body the server cannot even decode, such as one declared {@code Content-Encoding: gzip} (or
 * {@code Transfer-Encoding: gzip}) that is not gzip, is the client's error: 400 naming the body (413 when a frame
 * was too long), not the server's default 500.
 */
@Singleton
public final class UndecodableBodyHandler implements ExceptionHandler<DecoderException, HttpResponse<?>> {

    private final ProblemResponses problems;

    public UndecodableBodyHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    @SuppressWarnings("rawtypes") // the interface declares the raw type
    public HttpResponse<?> handle(HttpRequest request, DecoderException exception) {
        if (exception instanceof TooLongFrameException) {
            return problems.render(IngestRejection.tooLarge("body",
                    "A part of the request exceeds the server's limits; nothing was stored"));
        }
        return problems.render(IngestRejection.invalid("body",
                "The request body could not be decoded as its Content-Encoding or Transfer-Encoding declares"));
    }
}
