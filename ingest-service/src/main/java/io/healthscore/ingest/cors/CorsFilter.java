package io.healthscore.ingest.cors;

import io.healthscore.ingest.problem.IngestRejection;
import io.healthscore.ingest.problem.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for browser sources. A preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) to an ingest path ({@code /v1/...}) is answered 204 when some source lists
 * the origin, the method is POST and every requested header is one SDKs send ({@link #ALLOWED_HEADERS}); any other
 * preflight is 403 without CORS headers. It carries no key, so it cannot tell whose origin it is: the request that
 * follows is checked against its own source's origins once its key is known (in the ingest flow, 403). Every answer
 * to a request from a listed origin carries {@code Access-Control-Allow-Origin} with that origin (so a page can read
 * our errors too) and {@code Vary: Origin}; no credentials are allowed, none are used.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class CorsFilter {

    /**
     * Request headers a preflight may ask for: what the Segment (authorization) and RudderStack (anonymousid,
     * authorization, content-type, sentat) browser SDKs set, as captured in {@code sdk-requests/*-browser.json}.
     */
    static final Set<String> ALLOWED_HEADERS = Set.of("authorization", "content-type", "anonymousid", "sentat");
    static final String MAX_AGE_SECONDS = "600";

    private final BrowserOrigins origins;
    private final ProblemResponses problems;

    public CorsFilter(BrowserOrigins origins, ProblemResponses problems) {
        this.origins = origins;
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> preflight(HttpRequest<?> request) {
        String origin = request.getHeaders().get("Origin");
        String method = request.getHeaders().get("Access-Control-Request-Method");
        if (request.getMethod() != HttpMethod.OPTIONS || origin == null || method == null) {
            return null;
        }
        if (!request.getPath().startsWith("/v1/") || !origins.anyAllows(origin) || !method.equals("POST")
                || !headersAllowed(request.getHeaders().get("Access-Control-Request-Headers"))) {
            return problems.render(IngestRejection.forbidden("CORS preflight refused: the origin is not one a source "
                    + "allows, or the method is not POST, or a requested header is not one of "
                    + String.join(", ", ALLOWED_HEADERS.stream().sorted().toList()), List.of())).header("Vary", "Origin");
        }
        return HttpResponse.status(HttpStatus.NO_CONTENT)
                .header("Access-Control-Allow-Origin", origin)
                .header("Access-Control-Allow-Methods", "POST")
                .header("Access-Control-Allow-Headers", String.join(", ", ALLOWED_HEADERS.stream().sorted().toList()))
                .header("Access-Control-Max-Age", MAX_AGE_SECONDS)
                .header("Vary", "Origin");
    }

    @ResponseFilter
    public void allowOrigin(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String origin = request.getHeaders().get("Origin");
        if (origin == null || response.getHeaders().contains("Access-Control-Allow-Origin")) {
            return;
        }
        response.getHeaders().add("Vary", "Origin");
        if (request.getMethod() != HttpMethod.OPTIONS && origins.anyAllows(origin)) {
            response.getHeaders().add("Access-Control-Allow-Origin", origin);
        }
    }

    private static boolean headersAllowed(@Nullable String requested) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        return Arrays.stream(requested.split(",")).map(h -> h.trim().toLowerCase(Locale.ROOT))
                .allMatch(h -> h.isEmpty() || ALLOWED_HEADERS.contains(h));
    }
}
