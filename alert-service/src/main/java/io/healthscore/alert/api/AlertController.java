package io.healthscore.alert.api;

import io.healthscore.alert.store.AlertOutcome;
import io.healthscore.alert.store.AlertStatus;
import io.healthscore.alert.store.InboxAlert;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.avro.Severity;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.List;

/**
 * CSM inbox: {@code GET /alerts?owner=&status=&severity=&limit=}, {@code GET /alerts/inbox}, {@code GET
 * /alerts/outcomes?since=&limit=}, {@code POST /alerts/{id}/ack|resolve|snooze|assign} and bulk {@code POST
 * /alerts/ack}. JSON bodies are read by {@link JsonBody}, so a malformed one is a 400 problem.
 */
@Controller("/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertController {

    private final AlertInbox inbox;
    private final int maxPageSize;
    private final JsonMapper json;

    public AlertController(AlertInbox inbox, @Value("${api.max-page-size}") int maxPageSize, JsonMapper json) {
        this.inbox = inbox;
        this.maxPageSize = maxPageSize;
        this.json = json;
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
    public StoredAlert resolve(@PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        JsonBody fields = JsonBody.parse(json, body, true);
        return inbox.resolve(QueryParameters.text("id", id),
                QueryParameters.enumValue("outcome", fields.text("outcome"), AlertOutcome.Kind.class),
                fields.text("note"), Actor.of(request));
    }

    /** The actor's open inbox: unresolved alerts not snoozed now, with their triage, IMMINENT first then oldest. */
    @Get("/inbox")
    public List<InboxAlert> inbox(@Nullable @QueryValue String limit, HttpRequest<?> request) {
        return inbox.inbox(Actor.of(request), QueryParameters.limit(limit, maxPageSize));
    }

    /** Labelled outcomes for backtests: {@code since} (ISO instant, default the epoch), bounded by {@code limit}. */
    @Get("/outcomes")
    public List<AlertOutcome> outcomes(@Nullable @QueryValue String since, @Nullable @QueryValue String limit,
                                       HttpRequest<?> request) {
        Instant from = QueryParameters.instant("since", since);
        return inbox.outcomes(Actor.of(request), from == null ? Instant.EPOCH : from,
                QueryParameters.limit(limit, maxPageSize));
    }

    @Post("/{id}/snooze")
    public InboxAlert snooze(@PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        JsonBody fields = JsonBody.parse(json, body, false);
        Instant until = QueryParameters.instant("until", fields.requiredText("until"));
        return inbox.snooze(QueryParameters.text("id", id), until, fields.requiredText("reason"), Actor.of(request));
    }

    @Post("/{id}/assign")
    public InboxAlert assign(@PathVariable String id, @Nullable @Body byte[] body, HttpRequest<?> request) {
        JsonBody fields = JsonBody.parse(json, body, false);
        return inbox.assign(QueryParameters.text("id", id), QueryParameters.text("to", fields.requiredText("to")),
                Actor.of(request));
    }

    /** Bulk acknowledge, all or nothing: {@code {"ids":[...]}}, at most {@value AlertInbox#MAX_BULK}. */
    @Post("/ack")
    public List<StoredAlert> acknowledgeAll(@Nullable @Body byte[] body, HttpRequest<?> request) {
        JsonBody fields = JsonBody.parse(json, body, false);
        return inbox.acknowledgeAll(fields.texts("ids", AlertInbox.MAX_BULK), Actor.of(request));
    }
}
