package io.healthscore.scoring.query;

/**
 * The credential the instances of one application ask each other with ({@code scoring.http.peer-token}), never a
 * caller's token: sent as {@code Authorization: Bearer <peer token>} on the forwarding paths {@code /internal/...}
 * and accepted on those paths only, where a caller's token is not. All instances share it. Without one an instance
 * neither asks nor answers another. The token never appears in {@link #toString()}, in logs or in answers.
 */
public final class PeerToken {

    /** No peer token configured. */
    public static final PeerToken NONE = new PeerToken(null);

    private final String token;
    private final ApiToken check;

    private PeerToken(String token) {
        this.token = token;
        this.check = ApiToken.of(token);
    }

    /** The token as configured; null or blank means none. */
    public static PeerToken of(String token) {
        return token == null || token.isBlank() ? NONE : new PeerToken(token.strip());
    }

    public boolean configured() {
        return token != null;
    }

    /** Whether an {@code Authorization} header value is {@code Bearer <this token>}. */
    public boolean allows(String authorization) {
        return check.allows(authorization);
    }

    /** Whether a caller presenting {@code callerToken} would hold this token too (they must differ). */
    public boolean sameAs(ApiToken callerToken) {
        return configured() && callerToken.allows(authorization());
    }

    /** The header value this instance sends to another. */
    String authorization() {
        if (token == null) {
            throw new IllegalStateException("no peer token is configured");
        }
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return configured() ? "PeerToken[configured]" : "PeerToken[none: no query is forwarded or answered for a peer]";
    }
}
