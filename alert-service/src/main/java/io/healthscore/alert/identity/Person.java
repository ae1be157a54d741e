package io.healthscore.alert.identity;

import java.util.Locale;
import java.util.Set;

/**
 * Someone signed in: their e-mail (compared without case, as the account profiles' CSM owner), their roles and,
 * for a lead, the e-mails of their team.
 */
public record Person(String email, Set<Role> roles, Set<String> team) {

    public Person {
        email = email.strip().toLowerCase(Locale.ROOT);
        roles = Set.copyOf(roles);
        team = team.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
