package io.healthscore.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healthscore.ingest.auth.WriteKeyAuthenticator;
import io.healthscore.ingest.cors.BrowserOrigins;
import io.healthscore.ingest.body.JsonBodyReader;
import io.healthscore.ingest.config.PublishSettings;
import io.healthscore.http.RequestAccounting;
import io.healthscore.ingest.limits.Admission;
import io.healthscore.ingest.mapping.MappedRequest;
import io.healthscore.ingest.mapping.RequestContext;
import io.healthscore.ingest.mapping.RequestMapper;
import io.healthscore.ingest.metrics.IngestMetrics;
import io.healthscore.ingest.problem.IngestRejection;
import io.healthscore.ingest.publish.EventPublisher;
import io.healthscore.ingest.publish.PublishUnavailableException;
import io.healthscore.ingest.scope.SourceScopes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The main flow of every ingest request, in this order: content type (415), body size (413), write key from the
 * Authorization header (401) and the source's event rate (429) before the body is parsed, JSON (400), write key
 * from the body where the endpoint allows it (401, then 429), validation, scope and mapping of the whole request
 * (400 / 403 / 413), event rates of the source and of each account and the source's new-account cap (429), publish
 * and wait for every acknowledgement (503 on timeout). Nothing is sent before the whole request has passed every check. An unauthenticated
 * request that is not valid JSON gets 401, not 400, so the service tells strangers nothing about their payload.
 * One log line per request, with no payload and no key.
 */
@Singleton
public final class IngestFlow {

    private static final Logger LOG = LoggerFactory.getLogger("io.healthscore.ingest.requests");

    private final WriteKeyAuthenticator authenticator;
    private final Admission admission;
    private final JsonBodyReader reader;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final PublishSettings publishSettings;
    private final SourceScopes scopes;
    private final Clock clock;
    private final BrowserOrigins origins;

    public IngestFlow(WriteKeyAuthenticator authenticator, Admission admission, JsonBodyReader reader,
                      EventPublisher publisher, IngestMetrics metrics, PublishSettings publishSettings,
                      SourceScopes scopes, Clock clock, BrowserOrigins origins) {
        this.origins = origins;
        this.authenticator = authenticator;
        this.scopes = scopes;
        this.admission = admission;
        this.reader = reader;
        this.publisher = publisher;
        this.metrics = metrics;
        this.publishSettings = publishSettings;
        this.clock = clock;
    }

    /**
     * One endpoint: its metric/log name, body limit, whether a Segment {@code writeKey} body member counts, and
     * whether it takes the content types SDKs send JSON under besides application/json ({@link #SDK_BODY_TYPES}).
     */
    public record Endpoint(String name, int maxBodyBytes, boolean writeKeyInBody, boolean sdkBodyTypes) {
    }

    /**
     * What analytics SDKs label their JSON with: browsers' {@code sendBeacon} and CORS-simple requests send
     * {@code text/plain}, RudderStack's Node SDK sends its gzipped batches as {@code application/x-www-form-urlencoded}.
     * The body is read as JSON whatever the label: a real form-encoded body is a 400 like any other that is not JSON.
     */
    static final Set<String> SDK_BODY_TYPES = Set.of(MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN,
            MediaType.APPLICATION_FORM_URLENCODED);

    /** @return the validated request as written; throws {@link IngestRejection} for every refusal */
    public MappedRequest ingest(HttpRequest<?> request, byte[] body, Endpoint endpoint, RequestMapper mapper) {
        long started = System.nanoTime();
        String source = "unknown";
        // This flow writes the request's log line itself (below); RequestAccounting counts it.
        request.setAttribute(RequestAccounting.LOGGED, Boolean.TRUE);
        try {
            requireJson(request, endpoint);
            int size = body == null ? 0 : body.length;
            if (size > endpoint.maxBodyBytes()) {
                throw IngestRejection.tooLarge("body", "The request body is " + size + " bytes; at most "
                        + endpoint.maxBodyBytes() + " are allowed here");
            }
            Optional<String> fromHeader = authenticator.sourceFromHeader(
                    request.getHeaders().get(HttpHeaders.AUTHORIZATION));
            if (fromHeader.isPresent()) {
                source = fromHeader.get();
                request.setAttribute(RequestAccounting.PRINCIPAL, source);
                requireOrigin(request, source);
                admission.beforeParse(source);
            }
            JsonNode json = parse(body, fromHeader.isPresent());
            if (fromHeader.isEmpty()) {
                source = sourceFromBody(json, endpoint);
                request.setAttribute(RequestAccounting.PRINCIPAL, source);
                requireOrigin(request, source);
                admission.beforeParse(source);
            }
            Instant receivedAt = clock.instant();
            MappedRequest mapped = mapper.map(json, new RequestContext(scopes.of(source), receivedAt));
            int introduced = admission.admit(source, mapped);
            publish(mapped);
            metrics.newAccounts(source, introduced);
            int stored = mapped.records().size() - mapped.unattributed();
            metrics.accepted(endpoint.name(), source, stored, mapped.unattributed(), mapped.ignored());
            LOG.info("accepted endpoint={} source={} status=200 records={} unattributed={} ignored={} bytes={} "
                            + "durationMs={}", endpoint.name(), source, stored, mapped.unattributed(), mapped.ignored(),
                    size, millisSince(started));
            return mapped;
        } catch (IngestRejection rejection) {
            metrics.rejected(endpoint.name(), source, rejection.reason());
            LOG.info("rejected endpoint={} source={} status={} reason={} errors={} durationMs={}", endpoint.name(),
                    source, rejection.status(), rejection.reason(), rejection.errors().size(), millisSince(started));
            throw rejection;
        }
    }

    private void publish(MappedRequest mapped) {
        long started = System.nanoTime();
        try {
            publisher.publish(mapped.records());
            metrics.produced(Duration.ofNanos(System.nanoTime() - started));
        } catch (PublishUnavailableException e) {
            LOG.warn("publish failed records={} cause={}", mapped.records().size(),
                    e.getCause() == null ? "none" : e.getCause().getClass().getSimpleName());
            throw IngestRejection.unavailable(e.getMessage() + "; nothing of this request can be relied on, retry it",
                    publishSettings.retryAfter());
        }
    }

    private JsonNode parse(byte[] body, boolean authenticated) {
        try {
            return reader.read(body);
        } catch (IngestRejection rejection) {
            if (!authenticated) {
                throw IngestRejection.unauthorized("A write key is required (HTTP Basic user name or writeKey)");
            }
            throw rejection;
        }
    }

    private String sourceFromBody(JsonNode json, Endpoint endpoint) {
        JsonNode key = endpoint.writeKeyInBody() && json.isObject() ? json.get("writeKey") : null;
        if (key == null || !key.isTextual()) {
            throw IngestRejection.unauthorized("A write key is required (HTTP Basic user name"
                    + (endpoint.writeKeyInBody() ? " or writeKey in the body)" : " or Bearer token)"));
        }
        return authenticator.sourceOf(key.textValue())
                .orElseThrow(() -> IngestRejection.unauthorized("The write key is not valid for this service"));
    }

    /**
     * A request from a browser (it has an Origin) must come from one of its source's origins: a page of one app
     * cannot post with another's key, and a key published in a page is of no use to other sites.
     */
    private void requireOrigin(HttpRequest<?> request, String source) {
        String origin = request.getHeaders().get("Origin");
        if (origin != null && !origins.allows(source, origin)) {
            throw IngestRejection.forbidden("The origin " + printable(origin) + " is not allowed for this source "
                    + "(ingest.sources.<name>.allowed-origins)", List.of());
        }
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[^\\x21-\\x7e]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    private static void requireJson(HttpRequest<?> request, Endpoint endpoint) {
        Optional<MediaType> type = request.getContentType();
        String name = type.map(t -> t.getName().toLowerCase(Locale.ROOT)).orElse("");
        boolean taken = endpoint.sdkBodyTypes() ? SDK_BODY_TYPES.contains(name) : name.equals(MediaType.APPLICATION_JSON);
        if (!taken) {
            throw IngestRejection.unsupportedMediaType(endpoint.sdkBodyTypes()
                    ? "Content-Type must be application/json (text/plain and application/x-www-form-urlencoded are "
                    + "also read as JSON here, as SDKs send them)"
                    : "Content-Type must be application/json");
        }
        Optional<String> charset = type.get().getParameters().get("charset");
        if (charset.isPresent() && !charset.get().equalsIgnoreCase("utf-8")) {
            throw IngestRejection.unsupportedMediaType(name + " must be UTF-8");
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
