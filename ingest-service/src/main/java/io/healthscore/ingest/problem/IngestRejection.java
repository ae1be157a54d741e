package io.healthscore.ingest.problem;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request the service refuses, rendered as RFC 9457 problem+json by {@link ProblemResponses}. {@code reason}
 * is a short stable token used as the metric tag and the last segment of the problem type URI; the detail and
 * field errors never contain a write key or payload beyond the offending field's path.
 */
public final class IngestRejection extends RuntimeException {

    private final int status;
    private final String reason;
    private final String title;
    private final transient List<FieldError> errors;
    private final transient Optional<Duration> retryAfter;

    public IngestRejection(int status, String reason, String title, String detail, List<FieldError> errors,
                           Optional<Duration> retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.title = Objects.requireNonNull(title, "title");
        this.errors = List.copyOf(errors);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** 400: the body is not what the endpoint accepts; {@code errors} names every failing field. */
    public static IngestRejection invalid(String detail, List<FieldError> errors) {
        return new IngestRejection(400, "invalid-request", "Invalid request", detail, errors, Optional.empty());
    }

    /** 400 for a single field. */
    public static IngestRejection invalid(String field, String message) {
        return invalid(message, List.of(new FieldError(field, message)));
    }

    /** 401: no write key, or one that matches no source. */
    public static IngestRejection unauthorized(String detail) {
        return new IngestRejection(401, "unauthorized", "Unauthorized", detail, List.of(), Optional.empty());
    }

    /** 403: the key is valid but its source may not make this write; {@code errors} names each refused field. */
    public static IngestRejection forbidden(String detail, List<FieldError> errors) {
        return new IngestRejection(403, "forbidden", "Forbidden", detail, errors, Optional.empty());
    }

    /** 413: the body, one event of it, or the number of events exceeds a limit. */
    public static IngestRejection tooLarge(String field, String message) {
        return new IngestRejection(413, "payload-too-large", "Payload too large", message,
                List.of(new FieldError(field, message)), Optional.empty());
    }

    /** 415: the body is not declared as JSON in UTF-8. */
    public static IngestRejection unsupportedMediaType(String detail) {
        return new IngestRejection(415, "unsupported-media-type", "Unsupported media type", detail,
                List.of(new FieldError("Content-Type", detail)), Optional.empty());
    }

    /** 429: the source, or an account of the request, sends more events than its rate limit allows. */
    public static IngestRejection rateLimited(String detail, Duration retryAfter) {
        return new IngestRejection(429, "rate-limited", "Too many requests",
                detail + "; nothing was stored, retry after the Retry-After delay", List.of(), Optional.of(retryAfter));
    }

    /** 429: the request would introduce more new accounts than its source may this hour. */
    public static IngestRejection newAccountsLimited(String detail, Duration retryAfter) {
        return new IngestRejection(429, "new-accounts-limited", "Too many new accounts",
                detail + "; nothing was stored, retry after the Retry-After delay", List.of(), Optional.of(retryAfter));
    }

    /** 503: Kafka or the schema registry did not acknowledge in time; nothing of the request may be relied on. */
    public static IngestRejection unavailable(String detail, Duration retryAfter) {
        return new IngestRejection(503, "unavailable", "Service unavailable", detail, List.of(),
                Optional.of(retryAfter));
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
