package io.healthscore.alert.api;

import io.healthscore.alert.store.AlertStatus;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.avro.Severity;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;

/** CSM inbox: {@code GET /alerts?owner=&status=&severity=&limit=}, {@code POST /alerts/{id}/ack|resolve}. */
@Controller("/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertController {

    private final AlertInbox inbox;
    private final int maxPageSize;

    public AlertController(AlertInbox inbox, @Value("${api.max-page-size}") int maxPageSize) {
        this.inbox = inbox;
        this.maxPageSize = maxPageSize;
    }

    @Get
    public List<StoredAlert> list(@Nullable @QueryValue String owner, @Nullable @QueryValue String status,
                                  @Nullable @QueryValue String severity, @Nullable @QueryValue String limit,
                                  HttpRequest<?> request) {
        return inbox.search(Actor.of(request), QueryParameters.text("owner", owner),
                QueryParameters.enumValue("status", status, AlertStatus.class),
                QueryParameters.enumValue("severity", severity, Severity.class),
                QueryParameters.limit(limit, maxPageSize));
    }

    @Post("/{id}/ack")
    public StoredAlert acknowledge(@PathVariable String id, HttpRequest<?> request) {
        return inbox.acknowledge(QueryParameters.text("id", id), Actor.of(request));
    }

    @Post("/{id}/resolve")
    public StoredAlert resolve(@PathVariable String id, HttpRequest<?> request) {
        return inbox.resolve(QueryParameters.text("id", id), Actor.of(request));
    }
}
