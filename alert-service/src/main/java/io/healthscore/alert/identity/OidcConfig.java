package io.healthscore.alert.identity;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * OpenID Connect sign-in ({@code identity.oidc.*}), on when {@code issuer} is set: the client registered at the
 * identity provider, the redirect URI registered with it ({@code .../console/oidc/callback}), the scopes asked for,
 * the ID-token claim holding the roles, and the sign-in button's label.
 */
@ConfigurationProperties("identity.oidc")
@Requires(property = "identity.oidc.issuer", pattern = ".+")
public record OidcConfig(String issuer, String clientId, @Nullable String clientSecret, String redirectUri,
                         @Bindable(defaultValue = "openid,email") List<String> scopes,
                         @Bindable(defaultValue = "roles") String rolesClaim,
                         @Bindable(defaultValue = "Sign in with single sign-on") String label) {

    @Override
    public String toString() {
        return "OidcConfig[" + issuer + ", client " + clientId + "]";
    }
}
