package io.healthscore.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens a service accepts, each with a name and the roles it grants. A presented token is compared as a
 * SHA-256 digest with {@link MessageDigest#isEqual} against every configured token (no early exit), so the time taken
 * reveals neither a token nor its length nor which one matched. Blank tokens count as not configured and never
 * match. No token value appears in {@link #toString()}, in logs or in answers.
 */
public final class BearerTokens {

    /** A configured token: its name (logged and used as a metric tag), its secret value and its roles. */
    public record Token(String name, String secret, Collection<String> roles) {

        @Override
        public String toString() {
            return "Token[" + name + ", roles=" + roles + "]";
        }
    }

    /** Who a matching token belongs to. */
    public record Grant(String name, Set<String> roles) {

        public boolean has(String role) {
            return roles.contains(role);
        }
    }

    private record Entry(Grant grant, byte[] digest) {
    }

    private final List<Entry> entries;

    private BearerTokens(List<Entry> entries) {
        this.entries = entries;
    }

    /** @throws IllegalArgumentException when two configured tokens share a value (one would hide the other) */
    public static BearerTokens of(Collection<Token> tokens) {
        List<Entry> entries = new ArrayList<>();
        for (Token token : tokens) {
            if (token.secret() == null || token.secret().isBlank()) {
                continue;
            }
            byte[] digest = sha256(token.secret().strip());
            for (Entry other : entries) {
                if (MessageDigest.isEqual(other.digest(), digest)) {
                    throw new IllegalArgumentException("tokens '" + other.grant().name() + "' and '" + token.name()
                            + "' have the same value: give each its own");
                }
            }
            Set<String> roles = token.roles() == null ? Set.of() : Set.copyOf(token.roles());
            entries.add(new Entry(new Grant(token.name(), roles), digest));
        }
        return new BearerTokens(List.copyOf(entries));
    }

    /** Whether any token is configured; without one every request that needs a token is refused. */
    public boolean configured() {
        return !entries.isEmpty();
    }

    /** The grant of an {@code Authorization} header value {@code Bearer <token>} (scheme in any case), if any. */
    public Optional<Grant> match(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(7).strip());
        Grant match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented)) {
                match = entry.grant();
            }
        }
        return Optional.ofNullable(match);
    }

    @Override
    public String toString() {
        return "BearerTokens" + entries.stream().map(e -> e.grant().name() + e.grant().roles()).toList();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
