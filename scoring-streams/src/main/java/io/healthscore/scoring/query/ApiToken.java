package io.healthscore.scoring.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bearer token that guards the query API ({@code scoring.http.token}). A presented token is compared as a
 * SHA-256 digest with {@link MessageDigest#isEqual}, so the time taken reveals neither the token nor its length.
 * Without a configured token nothing matches: every query is refused. The token never appears in
 * {@link #toString()}, in logs or in answers.
 */
public final class ApiToken {

    /** No token configured. */
    public static final ApiToken NONE = new ApiToken(null);

    private final byte[] digest;

    private ApiToken(byte[] digest) {
        this.digest = digest;
    }

    /** The token as configured; null or blank means none. */
    public static ApiToken of(String token) {
        return token == null || token.isBlank() ? NONE : new ApiToken(sha256(token.strip()));
    }

    public boolean configured() {
        return digest != null;
    }

    /** Whether an {@code Authorization} header value is {@code Bearer <this token>} (scheme in any case). */
    public boolean allows(String authorization) {
        if (digest == null || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
    }

    @Override
    public String toString() {
        return configured() ? "ApiToken[configured]" : "ApiToken[none: every query is refused]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
