package io.healthscore.alert.identity;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Signs in local users by name or e-mail and password. Every attempt, for a known user or not and locked or not,
 * hashes the password once with the same cost, so the time taken tells nothing about which names exist; a locked
 * user gets the same answer as a wrong password.
 */
@Singleton
public final class LocalSignIn {

    private record Known(LocalUser user, PasswordHash hash) {
    }

    private final Map<String, Known> byName = new HashMap<>();
    private final Lockout lockout;
    private final PasswordHash dummy;

    public LocalSignIn(List<LocalUser> users, IdentityConfig config, Clock clock) {
        int iterations = PasswordHash.DEFAULT_ITERATIONS;
        for (LocalUser u : users) {
            PasswordHash hash;
            try {
                hash = PasswordHash.parse(u.passwordHash());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("identity.users." + u.name() + ".password-hash: " + e.getMessage());
            }
            if (u.email() == null || u.email().isBlank()) {
                throw new IllegalArgumentException("identity.users." + u.name() + ".email is required");
            }
            if (Role.known(u.roles()).isEmpty()) {
                throw new IllegalArgumentException("identity.users." + u.name() + ".roles must name csm, lead or operator");
            }
            Known known = new Known(u, hash);
            byName.put(key(u.name()), known);
            byName.put(key(u.email()), known);
            iterations = Integer.parseInt(hash.encoded().split("\\$")[1]);
        }
        this.dummy = PasswordHash.create("not a password".toCharArray(), iterations);
        this.lockout = new Lockout(config.lockoutFailures(), config.lockoutWindow(), config.lockoutDuration(),
                config.lockoutTracked(), clock);
    }

    /** The person, when the name and password are right and the user is not locked. */
    public Optional<Person> signIn(String name, char[] password) {
        Known known = byName.get(key(name));
        // The lockout is keyed by the resolved user, so its name and its e-mail share one count.
        String lockKey = known == null ? key(name) : key(known.user().name());
        boolean matches = (known == null ? dummy : known.hash()).matches(password) && known != null;
        if (lockout.locked(lockKey)) {
            return Optional.empty();
        }
        if (!matches) {
            lockout.failed(lockKey);
            return Optional.empty();
        }
        lockout.succeeded(lockKey);
        return Optional.of(known.user().person());
    }

    /** The configured user with this e-mail, if any (a per-person API token takes their scope). */
    public Optional<Person> byEmail(String email) {
        Known known = byName.get(key(email));
        return known != null && key(known.user().email()).equals(key(email))
                ? Optional.of(known.user().person()) : Optional.empty();
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
