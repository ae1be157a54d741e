package io.healthscore.alert.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** {@code GET /accounts/{id}/timeline}: scores, transitions, alerts and deliveries in time order. */
@Controller("/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TimelineController {

    private final AccountTimeline timeline;

    public TimelineController(AccountTimeline timeline) {
        this.timeline = timeline;
    }

    @Get("/{id}/timeline")
    public Timeline timeline(@PathVariable String id) {
        String accountId = QueryParameters.text("id", id);
        return new Timeline(accountId, timeline.of(accountId));
    }

    /** Response body. */
    @Serdeable
    public record Timeline(String accountId, List<TimelineEntry> entries) {
    }
}
