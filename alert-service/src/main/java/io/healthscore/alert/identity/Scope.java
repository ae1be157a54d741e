package io.healthscore.alert.identity;

import io.micronaut.core.annotation.Nullable;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which accounts someone may see and work, the one rule of the console and the CSM API: a CSM their own (the
 * account's owner is their e-mail), a lead their own and their team's, an operator none; an API token without a
 * person every account. An account's owner is its profile's CSM owner, else (no profile yet) the alert's.
 */
public final class Scope {

    private static final Scope EVERY_ACCOUNT = new Scope(null);

    /** Owner e-mails in lower case, or null for every account. */
    private final Set<String> owners;

    private Scope(@Nullable Set<String> owners) {
        this.owners = owners == null ? null : Set.copyOf(owners);
    }

    public static Scope everyAccount() {
        return EVERY_ACCOUNT;
    }

    public static Scope of(Person person) {
        Set<String> owners = new HashSet<>();
        if (person.has(Role.CSM) || person.has(Role.LEAD)) {
            owners.add(person.email());
        }
        if (person.has(Role.LEAD)) {
            owners.addAll(person.team());
        }
        return new Scope(owners);
    }

    /** Only the person's own accounts, even for a lead (the console's "mine"). */
    public static Scope own(Person person) {
        return person.has(Role.CSM) || person.has(Role.LEAD) ? new Scope(Set.of(person.email())) : new Scope(Set.of());
    }

    public boolean unrestricted() {
        return owners == null;
    }

    /** Whether an account of this owner (null: none known) may be seen; an account without owner only unrestricted. */
    public boolean allows(@Nullable String owner) {
        if (owners == null) {
            return true;
        }
        return owner != null && owners.contains(owner.strip().toLowerCase(Locale.ROOT));
    }

    /** The owners in scope, sorted; only meaningful when not {@link #unrestricted()}. */
    public List<String> owners() {
        return owners == null ? List.of() : owners.stream().sorted().toList();
    }

    @Override
    public String toString() {
        return owners == null ? "Scope[every account]" : "Scope" + owners();
    }
}
