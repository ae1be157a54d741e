package io.healthscore.alert.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * A bearer token of the CSM API ({@code api.tokens.<name>}) and the roles it grants: {@code csm} reads and works
 * alerts and timelines, {@code operator} sees and replays deliveries. The token value comes from the environment.
 * With {@code person} (an e-mail) the token acts as that person: it sees only the accounts in their scope and the
 * audit trail names them; without, it sees every account and the audit trail names the token.
 */
@EachProperty("api.tokens")
public record ApiToken(@Parameter String name, String token, List<String> roles, @Nullable String person) {

    @Override
    public String toString() {
        return "ApiToken[" + name + ", roles=" + roles + (person == null ? "" : ", person=" + person) + "]";
    }
}
