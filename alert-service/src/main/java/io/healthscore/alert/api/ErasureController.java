package io.healthscore.alert.api;

import io.healthscore.alert.erasure.AccountEraser;
import io.healthscore.alert.erasure.AccountEraser.Erasure;
import io.healthscore.alert.erasure.ErasureRepository.ErasureRecord;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Operators erase an account end to end: {@code POST /erasures {"accountId": "..."}} answers with the erasure's
 * record (who, when, rows deleted and redacted; the SHA-256 of the id, never the id) and the topics tombstoned;
 * {@code GET /erasures?since=<ISO instant>} lists erasures. Both need the {@code operator} role.
 */
@Controller("/erasures")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ErasureController {

    private final AccountEraser eraser;
    private final int maxPageSize;

    public ErasureController(AccountEraser eraser, @Value("${api.max-page-size}") int maxPageSize) {
        this.eraser = eraser;
        this.maxPageSize = maxPageSize;
    }

    /** The body of an erasure request. */
    @Serdeable
    public record ErasureRequest(@Nullable String accountId) {
    }

    @Post
    public Map<String, Object> erase(HttpRequest<?> request, @Body ErasureRequest body) {
        String accountId = QueryParameters.text("accountId", body == null ? null : body.accountId());
        if (accountId == null) {
            throw ApiException.badParameter("accountId", "accountId is required");
        }
        String who = request.getAttribute(BearerTokenFilter.PRINCIPAL, String.class).orElse("unknown");
        try {
            Erasure erasure = eraser.erase(accountId, who);
            return Map.of("erasure", erasure.record(), "tombstonedTopics", erasure.tombstonedTopics());
        } catch (IllegalStateException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the erasure could not be written to Kafka; "
                    + "nothing was deleted, retry it", null);
        }
    }

    @Get
    public List<ErasureRecord> list(@Nullable @QueryValue String since, @Nullable @QueryValue String limit) {
        Instant from;
        try {
            from = since == null ? Instant.EPOCH : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter("since", "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
        return eraser.recent(from, QueryParameters.limit(limit, maxPageSize));
    }
}
