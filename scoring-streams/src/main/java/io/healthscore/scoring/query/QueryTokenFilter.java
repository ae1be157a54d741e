package io.healthscore.scoring.query;

import io.healthscore.http.BearerTokens;
import io.healthscore.http.Problem;
import io.healthscore.http.RequestAccounting;
import io.healthscore.scoring.app.ScoringHttpProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request but the probes ({@link #OPEN_PATHS}) needs a bearer token, checked before any route is looked for,
 * so that strangers learn nothing, not even which paths exist: 401 with {@code WWW-Authenticate: Bearer} otherwise,
 * and always when no token is configured. The forwarding paths {@code /internal/...} take the peer token
 * ({@code scoring.http.peer-token}) only and every other path the query token ({@code scoring.http.token}) only, so
 * neither token opens the other's paths. Tokens are never logged or echoed.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
// Built at start-up, so that a peer token equal to the query token stops the service before it serves anything.
@Context
public final class QueryTokenFilter {

    /** The only paths served without a token: health for probes, metrics for scrapers. */
    public static final Set<String> OPEN_PATHS = Set.of("/health", "/health/readiness", "/health/liveness",
            "/prometheus");

    private static final Logger LOG = LoggerFactory.getLogger(QueryTokenFilter.class);

    private final BearerTokens tokens;

    public QueryTokenFilter(ScoringHttpProperties http) {
        this.tokens = http.tokens();
        if (http.token() == null || http.token().isBlank()) {
            LOG.warn("No scoring.http.token (SCORING_HTTP_TOKEN) is set: every query except the probes is refused "
                    + "with 401");
        }
        if (!http.hasPeerToken()) {
            LOG.warn("No scoring.http.peer-token (SCORING_HTTP_PEER_TOKEN) is set: this instance answers only for the "
                    + "accounts it holds, and asks no other instance");
        }
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        if (OPEN_PATHS.contains(path)) {
            return null;
        }
        String role = path.startsWith(QueryPaths.INTERNAL + "/") ? ScoringHttpProperties.PEER_ROLE
                : ScoringHttpProperties.QUERY_ROLE;
        Optional<BearerTokens.Grant> grant = tokens.match(request.getHeaders().get(HttpHeaders.AUTHORIZATION))
                .filter(g -> g.has(role));
        if (grant.isEmpty()) {
            return Problem.unauthorized();
        }
        request.setAttribute(RequestAccounting.PRINCIPAL, grant.get().name());
        return null;
    }
}
