package io.healthscore.alert.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * A bearer token of the CSM API ({@code api.tokens.<name>}) and the roles it grants: {@code csm} reads and works
 * alerts and timelines, {@code operator} sees and replays deliveries. The token value comes from the environment.
 */
@EachProperty("api.tokens")
public record ApiToken(@Parameter String name, String token, List<String> roles) {

    @Override
    public String toString() {
        return "ApiToken[" + name + ", roles=" + roles + "]";
    }
}
