package io.healthscore.alert.api;

import io.healthscore.alert.config.ApiToken;
import io.healthscore.alert.identity.LocalSignIn;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.healthscore.alert.identity.Scope;
import io.micronaut.context.annotation.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The person each API token stands for ({@code api.tokens.<name>.person}) and so its scope: that of the console user
 * with the e-mail when one is configured (a lead's team included), else a CSM's own accounts. Tokens with a value but
 * no person see every account, as before per-person tokens; start-up names them in one warning.
 */
@Context
public final class ApiTokenPeople {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokenPeople.class);

    private final Map<String, Actor> actors = new HashMap<>();

    public ApiTokenPeople(List<ApiToken> tokens, LocalSignIn users) {
        List<String> unscoped = new java.util.ArrayList<>();
        for (ApiToken t : tokens) {
            if (t.person() != null && !t.person().isBlank()) {
                Person person = users.byEmail(t.person())
                        .orElseGet(() -> new Person(t.person(), Set.of(Role.CSM), Set.of()));
                actors.put(t.name(), new Actor(person.email(), Scope.of(person)));
            } else if (t.token() != null && !t.token().isBlank()) {
                unscoped.add(t.name());
            }
        }
        if (!unscoped.isEmpty()) {
            LOG.warn("API tokens {} stand for no person: they see and work every account's alerts, and the audit "
                    + "trail names the token; give each api.tokens.<name>.person to scope it", unscoped.stream().sorted().toList());
        }
    }

    /** The actor of a token by its name. */
    public Actor actor(String tokenName) {
        return actors.getOrDefault(tokenName, new Actor(tokenName, Scope.everyAccount()));
    }
}
