package io.healthscore.alert.api;

import io.healthscore.alert.config.TimelineConfig;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /accounts/{id}/timeline?limit=&before=}: scores, transitions, alerts and deliveries in time order,
 * the newest {@code limit} (default {@code api.timeline.default-limit}, at most {@code api.timeline.max-limit})
 * before the instant {@code before}; {@code nextBefore} in the answer asks for the page before, null on the last.
 */
@Controller("/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TimelineController {

    private final AccountTimeline timeline;
    private final TimelineConfig config;

    public TimelineController(AccountTimeline timeline, TimelineConfig config) {
        this.timeline = timeline;
        this.config = config;
    }

    @Get("/{id}/timeline")
    public Timeline timeline(@PathVariable String id, @Nullable @QueryValue String limit,
                             @Nullable @QueryValue String before, io.micronaut.http.HttpRequest<?> request) {
        String accountId = QueryParameters.text("id", id);
        AccountTimeline.Page page = timeline.page(Actor.of(request), accountId, QueryParameters.instant("before", before),
                QueryParameters.limit(limit, config.defaultLimit(), config.maxLimit()));
        return new Timeline(accountId, page.entries(), page.nextBefore());
    }

    /** Response body. */
    @Serdeable
    public record Timeline(String accountId, List<TimelineEntry> entries, @Nullable Instant nextBefore) {
    }
}
