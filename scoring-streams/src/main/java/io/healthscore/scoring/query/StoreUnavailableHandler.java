package io.healthscore.scoring.query;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** A store that is being restored or moved answers 503 with {@code Retry-After: 1}, as problem+json. */
@Produces
@Singleton
@Requires(classes = {InvalidStateStoreException.class, ExceptionHandler.class})
public final class StoreUnavailableHandler implements ExceptionHandler<InvalidStateStoreException, HttpResponse<?>> {

    @Override
    @SuppressWarnings("rawtypes") // ExceptionHandler declares the raw HttpRequest.
    public HttpResponse<?> handle(HttpRequest request, InvalidStateStoreException exception) {
        return AccountQueries.unavailable("state is being restored or moved; retry shortly");
    }
}
