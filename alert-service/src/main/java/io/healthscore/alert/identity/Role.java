package io.healthscore.alert.identity;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a person may do: a CSM works their own accounts, a lead their team's too, an operator deliveries. */
public enum Role {
    CSM, LEAD, OPERATOR;

    public static Optional<Role> of(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(name == null ? "" : name.strip()))
                .findFirst();
    }

    /** The known roles among the names; unknown names are dropped. */
    public static Set<Role> known(Collection<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names != null) {
            names.forEach(n -> of(n).ifPresent(roles::add));
        }
        return roles;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
