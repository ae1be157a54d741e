package io.healthscore.alert.console.live;

import io.healthscore.alert.config.ConsoleConfig;
import io.healthscore.alert.console.ConsoleWeb;
import io.healthscore.alert.console.Text;
import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.healthscore.alert.identity.Scope;
import io.healthscore.alert.identity.SessionStore;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /console/live}: the server-sent events an open console page listens to. {@code change} names an account
 * (and the kind: score, level, alert, note, profile) whose data changed, only for accounts the signed-in person's
 * scope covers (a CSM their own, a lead their team's, an operator none); {@code resync} asks the page to fetch itself
 * after the database connection was lost; {@code freshness} (every {@code console.freshness-every}) carries the
 * page's freshness line in the person's language. The stream ends when the session does (expired, signed out); it
 * never restarts the session's idle time. Changes are passed on in batches of {@link #BATCH}, each account once. At most {@value #PER_SESSION} streams a session and {@value #TOTAL} in
 * all (429 beyond).
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LiveController {

    static final int PER_SESSION = 8;
    static final int TOTAL = 500;
    private static final Duration BATCH = Duration.ofMillis(250);

    private final ConsoleWeb web;
    private final SessionStore sessions;
    private final LiveChanges changes;
    private final Freshness freshness;
    private final ConsoleConfig config;
    private final JsonMapper json;
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public LiveController(ConsoleWeb web, SessionStore sessions, LiveChanges changes, Freshness freshness,
                          ConsoleConfig config, JsonMapper json) {
        this.web = web;
        this.sessions = sessions;
        this.changes = changes;
        this.freshness = freshness;
        this.config = config;
        this.json = json;
    }

    @Get(value = "/live", produces = MediaType.TEXT_EVENT_STREAM)
    public HttpResponse<?> live(HttpRequest<?> request) {
        Optional<ConsoleSession> signedIn = web.signedInQuietly(request);
        if (signedIn.isEmpty()) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        if (!config.live()) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        ConsoleSession session = signedIn.get();
        AtomicInteger mine = open.get(session.id());
        if ((mine != null && mine.get() >= PER_SESSION) || total.get() >= TOTAL) {
            return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        Person person = session.person();
        Scope scope = person.has(Role.CSM) || person.has(Role.LEAD) ? Scope.of(person) : Scope.own(person);
        Text text = web.text(session);
        Flux<Event<String>> changed = Flux.<LiveChanges.Change>create(sink -> {
            LiveChanges.Subscription subscription = changes.subscribe(scope, sink::next);
            sink.onDispose(subscription::close);
        }, FluxSink.OverflowStrategy.LATEST)
                // A statement that changed many accounts arrives as many notifications: passed on in batches, each
                // account once, so a burst does not become as many events (the page fetches itself once anyway).
                .bufferTimeout(256, BATCH)
                .flatMapIterable(batch -> batch.stream().distinct().map(this::event).toList());
        // Reading freshness may wait on Kafka: off Reactor's parallel threads.
        Flux<Event<String>> ticks = Flux.interval(Duration.ZERO, config.freshnessEvery(), Schedulers.boundedElastic())
                .map(i -> Event.of(freshnessJson(text)).name("freshness"));
        Flux<Long> sessionOver = Flux.interval(config.freshnessEvery(), Schedulers.boundedElastic())
                .filter(i -> !sessions.live(session.id()));
        // Counted while subscribed: a response never streamed (a HEAD, a client gone first) holds no place.
        Flux<Event<String>> stream = Flux.defer(() -> {
            open.computeIfAbsent(session.id(), k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            return Flux.merge(changed, ticks).takeUntilOther(sessionOver).doFinally(s -> release(session.id()));
        });
        return HttpResponse.ok(stream).contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                // Not compressed: a compressor holds small events back until its buffer fills, so a browser (which
                // always accepts gzip) would hear of changes minutes late. Proxies are asked not to buffer either.
                .header(HttpHeaders.CONTENT_ENCODING, "identity")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Accel-Buffering", "no");
    }

    private void release(String session) {
        total.decrementAndGet();
        open.computeIfPresent(session, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private Event<String> event(LiveChanges.Change c) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("kind", c.kind());
        if (c.account() != null) {
            body.put("account", c.account());
        }
        return Event.of(write(body)).name(c.kind().equals(LiveChanges.Change.RESYNC) ? "resync" : "change");
    }

    private String freshnessJson(Text text) {
        Freshness.Reading r = freshness.now();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", FreshnessText.line(r, text));
        body.put("stale", FreshnessText.stale(r));
        return write(body);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a live event", e);
        }
    }
}
