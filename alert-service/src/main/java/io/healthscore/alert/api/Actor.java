package io.healthscore.alert.api;

import io.healthscore.alert.identity.Scope;
import io.micronaut.http.HttpRequest;

/**
 * Who acts on the CSM data, through the API or the console: the name the audit trail records (a person's e-mail, or
 * the name of a token that stands for no person) and the accounts they may see and work.
 */
public record Actor(String auditName, Scope scope) {

    /** Request attribute holding the {@link Actor}. */
    public static final String ATTRIBUTE = "healthscore.actor";

    /** The actor the request was authenticated as; none (a route outside the guard) sees nothing. */
    public static Actor of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Actor.class)
                .orElseThrow(() -> new IllegalStateException("request was not authenticated"));
    }
}
