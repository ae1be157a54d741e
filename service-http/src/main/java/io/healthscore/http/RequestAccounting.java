package io.healthscore.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request that reaches the HTTP server is counted, whatever became of it: routed or not (the router's own 404
 * and 405, CORS preflights, refusals of a token filter), as {@code <service>_http_requests_total{route,status,source}}
 * ({@code healthscore.http.service-name}), where {@code route} is the route's template or {@code unrouted} and
 * {@code source} the name of the token or source that authenticated it ({@link #PRINCIPAL}) or {@code unknown}.
 * Each request the service did not log itself ({@link #LOGGED}) gets one log line on
 * {@code io.healthscore.<service>.requests}: method, route, path without its query, status, source; health and
 * metrics probes at DEBUG. Never a token, a body or a query string. Tag values come from closed sets, so made-up
 * paths add no meters.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
// Outermost: it must see the answers of filters that end a request early (Micronaut's CORS filter refuses a
// preflight with 403 before any route is looked for).
@Order(Ordered.HIGHEST_PRECEDENCE)
@Requires(property = RequestAccounting.SERVICE_NAME)
public final class RequestAccounting {

    /** The setting naming the service in metric and logger names: ingest, scoring, alert. */
    public static final String SERVICE_NAME = "healthscore.http.service-name";
    /** Request attribute: the name of the token or source that authenticated the request, once known. */
    public static final String PRINCIPAL = "healthscore.principal";
    /** Request attribute: set when the service wrote the request's log line itself. */
    public static final String LOGGED = "healthscore.request.logged";

    private static final int MAX_LOGGED_PATH = 120;

    private final MeterRegistry registry;
    private final String meter;
    private final Logger log;

    public RequestAccounting(MeterRegistry registry, @Value("${" + SERVICE_NAME + "}") String service) {
        if (!service.matches("[a-z][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException(SERVICE_NAME + " must be a short lower-case name, got '" + service + "'");
        }
        this.registry = registry;
        this.meter = service + ".http.requests";
        this.log = LoggerFactory.getLogger("io.healthscore." + service + ".requests");
    }

    @ResponseFilter
    public void account(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String route = BasicHttpAttributes.getUriTemplate(request).orElse("unrouted");
        String source = request.getAttribute(PRINCIPAL, String.class).orElse("unknown");
        int status = response.code();
        Counter.builder(meter).description("Requests that reached the HTTP server, by outcome")
                .tag("route", route).tag("status", Integer.toString(status)).tag("source", source)
                .register(registry).increment();
        if (request.getAttribute(LOGGED).isPresent()) {
            return;
        }
        String path = request.getPath();
        boolean probe = path.equals("/prometheus") || path.equals("/health") || path.startsWith("/health/");
        if (probe ? log.isDebugEnabled() : log.isInfoEnabled()) {
            String line = "request method=" + printable(request.getMethodName(), 16) + " route=" + route + " path="
                    + printable(path, MAX_LOGGED_PATH) + " status=" + status + " source=" + source;
            if (probe) {
                log.debug(line);
            } else {
                log.info(line);
            }
        }
    }

    /** At most {@code max} characters, anything but printable ASCII as '?': a path is the client's text. */
    public static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x21 && c < 0x7f ? c : '?');
        }
        return text.length() > max ? out.append("...").toString() : out.toString();
    }
}
