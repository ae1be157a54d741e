package io.healthscore.alert.api;

import io.healthscore.http.Problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.alert.config.ApiToken;
import io.healthscore.alert.identity.IdentityConfig;
import io.healthscore.alert.identity.LocalSignIn;
import java.time.Clock;
import java.time.Duration;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTokenFilterTest {

    private static final List<ApiToken> TOKENS = List.of(
            new ApiToken("csm", "csm-secret", List.of("csm"), null),
            new ApiToken("ops", "ops-secret", List.of("csm", "operator"), null),
            new ApiToken("ana", "ana-secret", List.of("csm"), "Ana@Example.com"),
            new ApiToken("unset", "", List.of("csm", "operator"), null));
    private final BearerTokenFilter filter = new BearerTokenFilter(TOKENS, new ApiTokenPeople(TOKENS,
            new LocalSignIn(List.of(), new IdentityConfig(Duration.ofMinutes(30), Duration.ofHours(12), 100, 5,
                    Duration.ofMinutes(15), Duration.ofMinutes(15), 100), Clock.systemUTC())));

    @Test
    void aKnownTokenWithTheRolePassesAndNamesThePrincipal() {
        MutableHttpRequest<?> request = HttpRequest.GET("/alerts").bearerAuth("csm-secret");

        assertThat(filter.authenticate(request)).isNull();
        assertThat(request.getAttribute(BearerTokenFilter.PRINCIPAL, String.class)).hasValue("csm");
    }

    @Test
    void aTokenWithAPersonActsAsThatPersonAndOneWithoutSeesEveryAccount() {
        MutableHttpRequest<?> ana = HttpRequest.GET("/alerts").bearerAuth("ana-secret");
        MutableHttpRequest<?> shared = HttpRequest.GET("/alerts").bearerAuth("csm-secret");

        assertThat(filter.authenticate(ana)).isNull();
        assertThat(filter.authenticate(shared)).isNull();

        assertThat(Actor.of(ana).auditName()).isEqualTo("ana@example.com");
        assertThat(Actor.of(ana).scope().owners()).containsExactly("ana@example.com");
        assertThat(ana.getAttribute(BearerTokenFilter.PRINCIPAL, String.class)).as("metrics keep the token name")
                .hasValue("ana");
        assertThat(Actor.of(shared).auditName()).isEqualTo("csm");
        assertThat(Actor.of(shared).scope().unrestricted()).isTrue();
    }

    @Test
    void deliveriesNeedTheOperatorRole() {
        assertThat(status(HttpRequest.GET("/deliveries").bearerAuth("csm-secret"))).isEqualTo(403);
        assertThat(filter.authenticate(HttpRequest.GET("/deliveries").bearerAuth("ops-secret"))).isNull();
    }

    @Test
    void missingWrongEmptyAndNonBearerCredentialsAre401() {
        assertThat(status(HttpRequest.GET("/alerts"))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/alerts").bearerAuth("csm-secreT"))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/alerts").bearerAuth(""))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/alerts").header("Authorization", "Bearer"))).isEqualTo(401);
        assertThat(status(HttpRequest.GET("/alerts").basicAuth("csm", "csm-secret"))).isEqualTo(401);
    }

    @Test
    void theAnswerNeverEchoesThePresentedToken() {
        HttpResponse<Problem> response = filter.authenticate(HttpRequest.GET("/alerts").bearerAuth("leaked-guess"));

        assertThat(response.body().detail()).doesNotContain("leaked-guess");
        assertThat(response.getHeaders().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"healthscore\"");
    }

    @Test
    void healthAndMetricsAreOpen() {
        assertThat(filter.authenticate(HttpRequest.GET("/health"))).isNull();
        assertThat(filter.authenticate(HttpRequest.GET("/health/readiness"))).isNull();
        assertThat(filter.authenticate(HttpRequest.GET("/prometheus"))).isNull();
    }

    private int status(MutableHttpRequest<?> request) {
        return filter.authenticate(request).code();
    }
}
