package io.healthscore.alert.identity;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A console user from {@code identity.users.<name>}: e-mail, PBKDF2 password hash (see {@link PasswordHash}), roles
 * ({@code csm}, {@code lead}, {@code operator}) and, for a lead, the e-mails of the team.
 */
@EachProperty("identity.users")
public record LocalUser(@Parameter String name, String email, String passwordHash, List<String> roles,
                        @Nullable List<String> team) {

    public Person person() {
        return new Person(email, Role.known(roles), team == null ? java.util.Set.of() : java.util.Set.copyOf(team));
    }

    @Override
    public String toString() {
        return "LocalUser[" + name + ", " + email + ", roles=" + roles + "]";
    }
}
