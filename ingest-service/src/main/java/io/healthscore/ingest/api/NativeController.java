package io.healthscore.ingest.api;

import io.healthscore.ingest.IngestFlow;
import io.healthscore.ingest.IngestFlow.Endpoint;
import io.healthscore.ingest.config.IngestLimits;
import io.healthscore.ingest.mapping.AccountProfileMapper;
import io.healthscore.ingest.mapping.MappedRequest;
import io.healthscore.ingest.mapping.NativeEventMapper;
import io.healthscore.ingest.mapping.SignalMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The native API: {@code POST /v1/events} (usage events), {@code PUT /v1/accounts/{accountId}} (account
 * profile), {@code POST /v1/signals} (NPS, tickets, payments, CSM touch-points). Each answers 200 with the
 * number of records written and their messageIds once Kafka acknowledged all of them.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class NativeController {

    private final IngestFlow flow;
    private final NativeEventMapper events;
    private final AccountProfileMapper profiles;
    private final SignalMapper signals;
    private final Endpoint eventsEndpoint;
    private final Endpoint accountsEndpoint;
    private final Endpoint signalsEndpoint;

    public NativeController(IngestFlow flow, NativeEventMapper events, AccountProfileMapper profiles,
                            SignalMapper signals, IngestLimits limits) {
        this.flow = flow;
        this.events = events;
        this.profiles = profiles;
        this.signals = signals;
        this.eventsEndpoint = new Endpoint("native.events", limits.nativeMaxBodyBytes(), false, false);
        this.accountsEndpoint = new Endpoint("native.accounts", limits.nativeMaxEventBytes(), false, false);
        this.signalsEndpoint = new Endpoint("native.signals", limits.nativeMaxBodyBytes(), false, false);
    }

    @Post(uri = "/v1/events", consumes = MediaType.ALL)
    public Map<String, Object> events(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return answer(flow.ingest(request, body, eventsEndpoint, events));
    }

    @Put(uri = "/v1/accounts/{accountId}", consumes = MediaType.ALL)
    public Map<String, Object> account(HttpRequest<?> request, @PathVariable String accountId,
                                       @Nullable @Body byte[] body) {
        return answer(flow.ingest(request, body, accountsEndpoint, profiles.forAccount(accountId)));
    }

    @Post(uri = "/v1/signals", consumes = MediaType.ALL)
    public Map<String, Object> signals(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return answer(flow.ingest(request, body, signalsEndpoint, signals));
    }

    private static Map<String, Object> answer(MappedRequest written) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", written.records().size());
        body.put("messageIds", written.messageIds());
        return body;
    }
}
