package io.healthscore.alert.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OpenID Connect authorization-code sign-in with state, nonce and PKCE (S256). The provider's endpoints come from its
 * discovery document ({@code <issuer>/.well-known/openid-configuration}), read on first use. The ID token must be
 * signed RS256 or ES256 by a key of the provider's JWKS, name the configured issuer, have this client in its
 * audience, not be expired, carry the nonce of this sign-in, and have {@code email_verified} true; the person is its
 * {@code email}, their roles the known ones in the roles claim.
 */
@Singleton
@Requires(bean = OidcConfig.class)
public final class OidcSignIn {

    /** A sign-in the provider or its answer refused; the message is for the person signing in. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    private record Provider(URI authorization, URI token, DefaultJWTProcessor<SecurityContext> ids) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OidcConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Provider provider;

    public OidcSignIn(OidcConfig config) {
        this.config = config;
    }

    public String label() {
        return config.label();
    }

    /** A new authorization request: its state, nonce and verifier, to keep in the session until the callback. */
    public ConsoleSession.OidcPending newRequest() {
        return new ConsoleSession.OidcPending(SessionStore.randomToken(), SessionStore.randomToken(),
                SessionStore.randomToken());
    }

    /** Where to send the browser for the request. */
    public URI authorizationUri(ConsoleSession.OidcPending pending) throws Refused {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", config.clientId());
        q.put("redirect_uri", config.redirectUri());
        q.put("scope", String.join(" ", config.scopes()));
        q.put("state", pending.state());
        q.put("nonce", pending.nonce());
        q.put("code_challenge", challenge(pending.codeVerifier()));
        q.put("code_challenge_method", "S256");
        URI base = provider().authorization();
        return URI.create(base + (base.getRawQuery() == null ? "?" : "&") + form(q));
    }

    /** The person of a callback's code, for the pending request whose state the callback returned. */
    public Person complete(ConsoleSession.OidcPending pending, String code) throws Refused {
        Provider p = provider();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", config.redirectUri());
        body.put("code_verifier", pending.codeVerifier());
        body.put("client_id", config.clientId());
        HttpRequest.Builder request = HttpRequest.newBuilder(p.token()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        if (config.clientSecret() != null && !config.clientSecret().isBlank()) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (urlEncode(config.clientId()) + ":" + urlEncode(config.clientSecret()))
                            .getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, Object> tokens = json(send(request.build(), "token endpoint"), "token endpoint");
        Object idToken = tokens.get("id_token");
        if (!(idToken instanceof String jwt)) {
            throw new Refused("the identity provider answered without an ID token");
        }
        JWTClaimsSet claims;
        try {
            claims = p.ids().process(jwt, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw new Refused("the identity provider's ID token was refused: " + e.getMessage());
        }
        if (!pending.nonce().equals(claims.getClaim("nonce"))) {
            throw new Refused("the ID token is not for this sign-in (nonce)");
        }
        if (!Boolean.TRUE.equals(claims.getClaim("email_verified"))) {
            throw new Refused("the identity provider has not verified this e-mail address (email_verified)");
        }
        Object email = claims.getClaim("email");
        if (!(email instanceof String address) || address.isBlank() || address.length() > 254
                || !address.contains("@")) {
            throw new Refused("the ID token carries no e-mail address");
        }
        Set<Role> roles = Role.known(rolesOf(claims.getClaim(config.rolesClaim())));
        if (roles.isEmpty()) {
            throw new Refused("your account has no console role (csm, lead or operator) in the '"
                    + config.rolesClaim() + "' claim: ask your administrator for one");
        }
        return new Person(address, roles, Set.of());
    }

    private static List<String> rolesOf(Object claim) {
        if (claim instanceof String s) {
            return List.of(s.split("[ ,]+"));
        }
        if (claim instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private Provider provider() throws Refused {
        Provider p = provider;
        if (p != null) {
            return p;
        }
        synchronized (this) {
            if (provider == null) {
                provider = discover();
            }
            return provider;
        }
    }

    private Provider discover() throws Refused {
        String issuer = config.issuer().endsWith("/") ? config.issuer().substring(0, config.issuer().length() - 1)
                : config.issuer();
        URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
        Map<String, Object> doc = json(send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build(), "discovery"), "discovery");
        if (!config.issuer().equals(doc.get("issuer"))) {
            throw new Refused("the identity provider names issuer '" + doc.get("issuer") + "', not the configured '"
                    + config.issuer() + "'");
        }
        try {
            URI authorization = URI.create((String) doc.get("authorization_endpoint"));
            URI token = URI.create((String) doc.get("token_endpoint"));
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create((String) doc.get("jwks_uri")).toURL())
                    .build();
            DefaultJWTProcessor<SecurityContext> ids = new DefaultJWTProcessor<>();
            ids.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                    keys));
            ids.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(config.clientId(),
                    new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                    Set.of("sub", "exp", "iat", "nonce", "email", "email_verified")));
            return new Provider(authorization, token, ids);
        } catch (RuntimeException | IOException e) {
            throw new Refused("the identity provider's discovery document lacks an endpoint: " + e.getMessage());
        }
    }

    private String send(HttpRequest request, String what) throws Refused {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Refused("the identity provider's " + what + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new Refused("the identity provider cannot be reached (" + what + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
    }

    private static Map<String, Object> json(String body, String what) throws Refused {
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new Refused("the identity provider's " + what + " answer is not JSON");
        }
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
