package io.healthscore.alert.identity;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Console sessions, in memory: ids of 256 random bits, an idle lifetime ({@code identity.session-idle}) and an
 * absolute one ({@code identity.session-absolute}), at most {@code identity.max-sessions} signed-in sessions and as
 * many sign-in forms' sessions, each kind dropping its least recently used first, so opening sign-in forms by the
 * thousand signs nobody out. A restart signs everyone out. CSRF tokens are compared in constant time.
 */
@Singleton
public final class SessionStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IdentityConfig config;
    private final Clock clock;
    private final LinkedHashMap<String, ConsoleSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, ConsoleSession> anonymous = new LinkedHashMap<>(16, 0.75f, true);

    public SessionStore(IdentityConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A new session, for the sign-in form (person null) or for someone who just signed in. */
    public synchronized ConsoleSession create(@Nullable Person person) {
        ConsoleSession s = new ConsoleSession(randomToken(), randomToken(), person, clock.instant());
        Map<String, ConsoleSession> kind = person == null ? anonymous : sessions;
        kind.put(s.id(), s);
        Iterator<Map.Entry<String, ConsoleSession>> it = kind.entrySet().iterator();
        while (kind.size() > config.maxSessions() && it.hasNext()) {
            it.next();
            it.remove();
        }
        return s;
    }

    /** The live session of this id, its idle time restarted; expired ones are removed. */
    public synchronized Optional<ConsoleSession> find(@Nullable String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        ConsoleSession s = sessions.containsKey(id) ? sessions.get(id) : anonymous.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (!now.isBefore(s.lastSeen().plus(config.sessionIdle()))
                || !now.isBefore(s.createdAt().plus(config.sessionAbsolute()))) {
            destroy(id);
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    /**
     * Whether the signed-in session of this id is still live, without restarting its idle time: an open page's live
     * channel must not keep a session alive that nobody uses.
     */
    public synchronized boolean live(String id) {
        return peek(id).filter(ConsoleSession::signedIn).isPresent();
    }

    /**
     * The live session of this id without restarting its idle time: for what a page does on its own (its live channel,
     * the fetches that channel triggers), which must not keep alive a session nobody uses.
     */
    public synchronized Optional<ConsoleSession> peek(@Nullable String id) {
        if (id == null || id.length() != 43) {
            return Optional.empty();
        }
        ConsoleSession s = sessions.containsKey(id) ? sessions.get(id) : anonymous.get(id);
        Instant now = clock.instant();
        if (s == null || !now.isBefore(s.lastSeen().plus(config.sessionIdle()))
                || !now.isBefore(s.createdAt().plus(config.sessionAbsolute()))) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public synchronized void destroy(String id) {
        sessions.remove(id);
        anonymous.remove(id);
    }

    /** Whether the form's token is the session's. */
    public static boolean csrfMatches(ConsoleSession session, @Nullable String presented) {
        return presented != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
