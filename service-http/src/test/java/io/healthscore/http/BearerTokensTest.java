package io.healthscore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

    private final BearerTokens tokens = BearerTokens.of(List.of(
            new BearerTokens.Token("csm", "csm-secret", Set.of("csm")),
            new BearerTokens.Token("ops", "ops-secret", List.of("csm", "operator")),
            new BearerTokens.Token("unset", "", Set.of("operator")),
            new BearerTokens.Token("missing", null, Set.of("operator"))));

    @Test
    void aConfiguredTokenGrantsItsNameAndRoles() {
        assertThat(tokens.match("Bearer ops-secret")).hasValueSatisfying(grant -> {
            assertThat(grant.name()).isEqualTo("ops");
            assertThat(grant.has("operator")).isTrue();
        });
        assertThat(tokens.match("bearer  csm-secret ")).map(BearerTokens.Grant::name).hasValue("csm");
    }

    @Test
    void wrongEmptyPrefixedAndNonBearerCredentialsMatchNothing() {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Bearer csm-secreT", "Bearer csm-secret-x",
                "Basic csm-secret", "csm-secret", "Bearer " + "x".repeat(10_000)}) {
            assertThat(tokens.match(header)).as(String.valueOf(header)).isEmpty();
        }
    }

    @Test
    void blankTokensAreNotConfiguredAndNeverMatch() {
        assertThat(BearerTokens.of(List.of(new BearerTokens.Token("blank", "  ", Set.of("csm")))).configured()).isFalse();
        assertThat(tokens.match("Bearer  ")).isEmpty();
    }

    @Test
    void twoTokensWithOneValueAreRefusedNamingBoth() {
        assertThatThrownBy(() -> BearerTokens.of(List.of(new BearerTokens.Token("a", "dup-value-123", Set.of()),
                new BearerTokens.Token("b", " dup-value-123 ", Set.of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'").hasMessageContaining("'b'")
                .hasMessageNotContaining("dup-value-123");
    }

    @Test
    void noSecretInToString() {
        assertThat(tokens.toString()).doesNotContain("secret").contains("csm", "ops");
        assertThat(new BearerTokens.Token("csm", "csm-secret", Set.of()).toString()).doesNotContain("csm-secret");
    }
}
