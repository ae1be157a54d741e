package io.healthscore.alert.api;

import io.healthscore.alert.config.ApiToken;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Guards the CSM API with bearer tokens from {@code api.tokens.*}: no or an unknown token gives 401, a token
 * without the route's role 403 ({@code operator} for /deliveries and /erasures, {@code csm} for everything else).
 * Health and metrics stay open for probes and scrapers; health shows its details only to an operator token. Tokens
 * are compared in constant time and never logged or echoed.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class BearerTokenFilter {

    /** Request attribute holding the name of the authenticated token. */
    public static final String PRINCIPAL = "healthscore.principal";

    private final List<ApiToken> tokens;

    public BearerTokenFilter(List<ApiToken> tokens) {
        this.tokens = tokens;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.equals("/health") || path.startsWith("/health/") || path.equals("/prometheus")) {
            // Open for probes; an operator token makes the caller authenticated, which shows health details.
            presented(request).filter(t -> t.roles() != null && t.roles().contains("operator"))
                    .ifPresent(t -> request.setUserPrincipal(t::name));
            return null;
        }
        Optional<ApiToken> token = presented(request);
        if (token.isEmpty()) {
            return Problem.response(HttpStatus.UNAUTHORIZED, "a valid bearer token is required", null)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"healthscore\"");
        }
        String role = path.startsWith("/deliveries") || path.startsWith("/erasures") ? "operator" : "csm";
        if (token.get().roles() == null || !token.get().roles().contains(role)) {
            return Problem.response(HttpStatus.FORBIDDEN, "this token lacks the '" + role + "' role", null);
        }
        request.setAttribute(PRINCIPAL, token.get().name());
        return null;
    }

    private Optional<ApiToken> presented(HttpRequest<?> request) {
        return request.getHeaders().getAuthorization()
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).strip())
                .flatMap(this::find);
    }

    private Optional<ApiToken> find(String presented) {
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        ApiToken match = null;
        for (ApiToken t : tokens) {
            // Empty tokens are "not configured" and never match; every configured one is compared (no early exit).
            if (t.token() != null && !t.token().isEmpty()
                    && MessageDigest.isEqual(given, t.token().getBytes(StandardCharsets.UTF_8))) {
                match = t;
            }
        }
        return Optional.ofNullable(match);
    }
}
