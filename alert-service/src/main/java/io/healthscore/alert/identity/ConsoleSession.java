package io.healthscore.alert.identity;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * A server-side console session: its id (the cookie's value), the CSRF token of its forms, the person once signed
 * in (null before: the sign-in form's session), and for an OpenID Connect sign-in under way its state, nonce and PKCE
 * verifier.
 */
public final class ConsoleSession {

    /** An OpenID Connect authorization request waiting for its callback. */
    public record OidcPending(String state, String nonce, String codeVerifier) {
    }

    private final String id;
    private final String csrfToken;
    private final Person person;
    private final Instant createdAt;
    private volatile Instant lastSeen;
    private volatile OidcPending oidc;
    private volatile String language = "en";

    ConsoleSession(String id, String csrfToken, @Nullable Person person, Instant createdAt) {
        this.id = id;
        this.csrfToken = csrfToken;
        this.person = person;
        this.createdAt = createdAt;
        this.lastSeen = createdAt;
    }

    public String id() {
        return id;
    }

    public String csrfToken() {
        return csrfToken;
    }

    @Nullable
    public Person person() {
        return person;
    }

    public boolean signedIn() {
        return person != null;
    }

    public Instant createdAt() {
        return createdAt;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }

    @Nullable
    public OidcPending oidc() {
        return oidc;
    }

    public void oidc(@Nullable OidcPending pending) {
        this.oidc = pending;
    }

    /** The console language's tag ("en", "ja") this session's pages are in. */
    public String language() {
        return language;
    }

    public void language(String tag) {
        this.language = tag;
    }

    @Override
    public String toString() {
        return "ConsoleSession[" + (person == null ? "anonymous" : person.email()) + "]";
    }
}
