package io.healthscore.scoring.app;

import io.healthscore.http.BearerTokens;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The query API's credentials and this instance's address for the others ({@code scoring.http.*}):
 * <ul>
 *   <li>{@code token} (env {@code SCORING_HTTP_TOKEN}): the bearer token every query but the probes needs; without
 *       one every query is refused;</li>
 *   <li>{@code peer-token} (env {@code SCORING_HTTP_PEER_TOKEN}): the credential instances forward queries to each
 *       other with, the same on every instance and never the query token; without one an instance answers only for
 *       the accounts it holds;</li>
 *   <li>{@code advertised-host}: the host other instances reach this one on (its {@code application.server} with
 *       the server's port); defaults to the address the server binds.</li>
 * </ul>
 * {@link #toString()} shows no secret.
 */
@ConfigurationProperties("scoring.http")
public record ScoringHttpProperties(@Nullable String token, @Nullable String peerToken,
                                    @Nullable String advertisedHost) {

    /** The role of the query token. */
    public static final String QUERY_ROLE = "query";
    /** The role of the peer token: the forwarding paths only. */
    public static final String PEER_ROLE = "peer";

    /** @throws IllegalArgumentException when the peer token equals the query token */
    public BearerTokens tokens() {
        List<BearerTokens.Token> tokens = new ArrayList<>();
        tokens.add(new BearerTokens.Token("query", token, Set.of(QUERY_ROLE)));
        tokens.add(new BearerTokens.Token("peer", peerToken, Set.of(PEER_ROLE)));
        try {
            return BearerTokens.of(tokens);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scoring.http.peer-token must differ from scoring.http.token: with the "
                    + "same value every caller could ask on the forwarding paths as an instance");
        }
    }

    public boolean hasPeerToken() {
        return peerToken != null && !peerToken.isBlank();
    }

    @Override
    public String toString() {
        return "ScoringHttpProperties[token=" + (token == null || token.isBlank() ? "none" : "configured")
                + ", peerToken=" + (hasPeerToken() ? "configured" : "none") + ", advertisedHost=" + advertisedHost + "]";
    }
}
