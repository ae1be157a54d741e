package io.healthscore.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request that reaches the HTTP server is counted, whatever became of it: routed or not (the router's own 404
 * and 405, CORS preflights, Segment's short paths), as {@code ingest_http_requests_total{route,status,source}},
 * where {@code route} is the route's template or {@code unrouted} and {@code source} the authenticated source or
 * {@code unknown}. Requests the ingest flow did not log itself (anything but the write endpoints) get their
 * request log line here: method, route, path without its query, status; health and metrics probes at DEBUG.
 * Tag values come from closed sets, so made-up paths add no meters.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
// Outermost: it must see the answers of filters that end a request early (Micronaut's CORS filter refuses a
// preflight with 403 before any route is looked for).
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class RequestAccounting {

    /** Request attribute: the source that authenticated the request, once known. */
    public static final String SOURCE = "healthscore.ingest.source";
    /** Request attribute: set when the ingest flow wrote the request's log line itself. */
    public static final String LOGGED = "healthscore.ingest.logged";

    private static final Logger LOG = LoggerFactory.getLogger("io.healthscore.ingest.requests");
    private static final int MAX_LOGGED_PATH = 120;

    private final MeterRegistry registry;

    public RequestAccounting(MeterRegistry registry) {
        this.registry = registry;
    }

    @ResponseFilter
    public void account(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String route = BasicHttpAttributes.getUriTemplate(request).orElse("unrouted");
        String source = request.getAttribute(SOURCE, String.class).orElse("unknown");
        int status = response.code();
        Counter.builder("ingest.http.requests").description("Requests that reached the HTTP server, by outcome")
                .tag("route", route).tag("status", Integer.toString(status)).tag("source", source)
                .register(registry).increment();
        if (request.getAttribute(LOGGED).isPresent()) {
            return;
        }
        String path = request.getPath();
        boolean probe = path.equals("/prometheus") || path.equals("/health") || path.startsWith("/health/");
        if (probe ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
            String line = "request method=" + printable(request.getMethodName(), 16) + " route=" + route + " path="
                    + printable(path, MAX_LOGGED_PATH) + " status=" + status + " source=" + source;
            if (probe) {
                LOG.debug(line);
            } else {
                LOG.info(line);
            }
        }
    }

    /** At most {@code max} characters, anything but printable ASCII as '?': a path is the client's text. */
    static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x21 && c < 0x7f ? c : '?');
        }
        return text.length() > max ? out.append("...").toString() : out.toString();
    }
}
