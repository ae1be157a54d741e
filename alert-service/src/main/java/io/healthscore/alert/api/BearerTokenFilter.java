package io.healthscore.alert.api;

import io.healthscore.http.BearerTokens;
import io.healthscore.http.Problem;
import io.healthscore.http.RequestAccounting;

import io.healthscore.alert.config.ApiToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import java.util.Optional;

/**
 * Guards the CSM API with bearer tokens from {@code api.tokens.*}: no or an unknown token gives 401, a token
 * without the route's role 403 ({@code operator} for /deliveries, /erasures and /reports, {@code csm} for everything else).
 * Health and metrics stay open for probes and scrapers; health shows its details only to an operator token. The
 * comparison is {@link BearerTokens}' (constant time); tokens are never logged or echoed. The request carries the
 * token's {@link Actor} (its person's scope, see {@link ApiTokenPeople}). Console routes (those the router matched to
 * a {@code /console} template, whatever the path's spelling) are not bearer routes: the console checks its session.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class BearerTokenFilter {

    /** Request attribute holding the name of the authenticated token. */
    public static final String PRINCIPAL = RequestAccounting.PRINCIPAL;

    private final BearerTokens tokens;
    private final ApiTokenPeople people;

    public BearerTokenFilter(List<ApiToken> tokens, ApiTokenPeople people) {
        this.tokens = BearerTokens.of(tokens.stream()
                .map(t -> new BearerTokens.Token(t.name(), t.token(), t.roles())).toList());
        this.people = people;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        // The router's template, not the raw path: "/console/../deliveries" is matched to /deliveries, not here.
        if (BasicHttpAttributes.getUriTemplate(request).filter(t -> t.equals("/console") || t.startsWith("/console/"))
                .isPresent()) {
            return null;
        }
        Optional<BearerTokens.Grant> grant = tokens.match(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        if (path.equals("/health") || path.startsWith("/health/") || path.equals("/prometheus")) {
            // Open for probes; an operator token makes the caller authenticated, which shows health details.
            grant.filter(g -> g.has("operator")).ifPresent(g -> request.setUserPrincipal(g::name));
            return null;
        }
        if (grant.isEmpty()) {
            return Problem.unauthorized();
        }
        String role = path.startsWith("/deliveries") || path.startsWith("/erasures") || path.startsWith("/reports")
                ? "operator" : "csm";
        if (!grant.get().has(role)) {
            return Problem.forbidden(role);
        }
        request.setAttribute(PRINCIPAL, grant.get().name());
        request.setAttribute(Actor.ATTRIBUTE, people.actor(grant.get().name()));
        return null;
    }
}
