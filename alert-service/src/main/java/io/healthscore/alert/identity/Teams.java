package io.healthscore.alert.identity;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who leads whom, as the console's users ({@code identity.users}) say, for the notices that reach a lead outside
 * a session: a lead who chose their team's notices hears of the accounts of each e-mail in their {@code team}. A lead
 * who signs in through OIDC has no team the service knows (the provider sends none), so no team notices.
 */
@Singleton
public final class Teams {

    private final Map<String, Set<String>> teamOf;

    public Teams(List<LocalUser> users) {
        this.teamOf = users.stream().map(LocalUser::person).filter(p -> p.has(Role.LEAD))
                .collect(Collectors.toUnmodifiableMap(Person::email, Person::team, (a, b) -> {
                    Set<String> both = new TreeSet<>(a);
                    both.addAll(b);
                    return Set.copyOf(both);
                }));
    }

    /** The leads whose team includes {@code owner} (any case), sorted; the owner never leads themself here. */
    public List<String> leadsOf(String owner) {
        String o = owner.strip().toLowerCase(Locale.ROOT);
        return teamOf.entrySet().stream().filter(e -> !e.getKey().equals(o) && e.getValue().contains(o))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** A lead's team ({@code lead} in lower case); empty for anyone else. */
    public Set<String> teamOf(String lead) {
        return teamOf.getOrDefault(lead, Set.of());
    }
}
