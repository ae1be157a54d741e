package io.healthscore.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends registry calls with bounded retries. Within one attempt the URLs are tried in order, starting with the
 * one that answered last, until one answers at all; an attempt fails when none can be reached (connection
 * refused, timeout) or the answer is HTTP 5xx or 429. Failed attempts are retried after an exponential
 * back-off, at most {@code maxRetries} times. Any other answer, 4xx included, is returned at once: retrying
 * a refusal cannot change it. Retrying is safe because every registry call is idempotent (registering a
 * schema twice returns the same id).
 */
final class RegistryTransport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    // What Confluent's RestService sends.
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, "
            + "application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private final List<URI> urls;
    private final Optional<String> authorization;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final HttpClient http;
    private final AtomicInteger preferredUrl = new AtomicInteger();

    RegistryTransport(SchemaRegistryConfig config) {
        this.urls = config.urls();
        this.authorization = config.basicAuthUserInfo().map(userInfo ->
                "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        this.requestTimeout = config.requestTimeout();
        this.maxRetries = config.maxRetries();
        this.initialBackoff = config.initialBackoff();
        this.maxBackoff = config.maxBackoff();
        HttpClient.Builder builder = HttpClient.newBuilder()
                // The registry speaks HTTP/1.1; an h2c upgrade attempt only costs a round trip on plain http.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                // A redirect could carry the credentials to another host; a registry has no reason to send one.
                .followRedirects(HttpClient.Redirect.NEVER);
        config.tls().ifPresent(tls -> builder.sslContext(tls.sslContext()));
        this.http = builder.build();
    }

    /**
     * The first answer that is neither 5xx nor 429.
     *
     * @throws RegistryUnavailableException when every attempt failed
     */
    RegistryResponse send(RegistryCall call) {
        String lastFailure = "no attempt made";
        Throwable lastCause = null;
        int lastStatus = -1;
        int lastErrorCode = -1;
        int attempts = maxRetries + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int first = preferredUrl.get();
            for (int i = 0; i < urls.size(); i++) {
                int index = (first + i) % urls.size();
                URI base = urls.get(index);
                try {
                    RegistryResponse response = sendOnce(base, call);
                    preferredUrl.set(index);
                    if (!retryable(response.status())) {
                        return response;
                    }
                    RegistryErrorTranslator.ErrorBody error = RegistryErrorTranslator.parse(response.body());
                    lastStatus = response.status();
                    lastErrorCode = error.code();
                    lastFailure = base + " answered HTTP " + response.status()
                            + (error.message().isBlank() ? "" : ": " + error.message());
                    lastCause = null;
                    break; // an answering registry is overloaded or broken: back off rather than hammer the others
                } catch (IOException e) {
                    lastFailure = base + ": " + describe(e);
                    lastCause = e;
                    lastStatus = -1;
                    lastErrorCode = -1;
                    LOG.debug("Schema registry {} could not be reached for {}: {}", base, call.describe(), describe(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw unavailable(call, attempt, "interrupted", e, -1, -1);
                }
            }
            if (attempt < attempts) {
                Duration backoff = backoff(attempt);
                LOG.debug("Schema registry attempt {} of {} for {} failed ({}); retrying in {} ms",
                        attempt, attempts, call.describe(), lastFailure, backoff.toMillis());
                pause(backoff, call, attempt);
            }
        }
        throw unavailable(call, attempts, lastFailure, lastCause, lastStatus, lastErrorCode);
    }

    @Override
    public void close() {
        http.close();
    }

    private RegistryResponse sendOnce(URI base, RegistryCall call) throws IOException, InterruptedException {
        URI target = URI.create(stripTrailingSlash(base.toString()) + call.path());
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (call.jsonBody() != null) {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(call.jsonBody(), StandardCharsets.UTF_8));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        LOG.debug("{} {} -> HTTP {} in {} ms", call.method(), target, response.statusCode(),
                (System.nanoTime() - started) / 1_000_000);
        return new RegistryResponse(response.statusCode(), response.body(), base);
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 429;
    }

    /** initialBackoff doubled per failed attempt, capped at maxBackoff. */
    Duration backoff(int failedAttempts) {
        int doublings = Math.min(failedAttempts - 1, 30);
        long millis = initialBackoff.toMillis() << doublings;
        return Duration.ofMillis(Math.min(millis < 0 ? Long.MAX_VALUE : millis, maxBackoff.toMillis()));
    }

    private void pause(Duration backoff, RegistryCall call, int attempt) {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(call, attempt, "interrupted", e, -1, -1);
        }
    }

    private RegistryUnavailableException unavailable(RegistryCall call, int attempts, String lastFailure,
                                                     Throwable cause, int status, int errorCode) {
        return new RegistryUnavailableException("Schema registry " + String.join(", ", urls.stream().map(URI::toString).toList())
                + " could not be used for " + call.describe() + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + "; last failure: " + lastFailure,
                status, errorCode, cause);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
