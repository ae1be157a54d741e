package io.healthscore.alert.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void aCsmSeesOnlyAccountsTheyOwnWhateverTheCase() {
        Scope scope = Scope.of(new Person("Ana@Example.com", Set.of(Role.CSM), Set.of()));

        assertThat(scope.allows("ana@example.com")).isTrue();
        assertThat(scope.allows(" ANA@example.COM ")).isTrue();
        assertThat(scope.allows("bo@example.com")).isFalse();
        assertThat(scope.allows(null)).as("an account nobody owns").isFalse();
    }

    @Test
    void aLeadSeesTheirTeamAndTheirOwn() {
        Person lee = new Person("lee@example.com", Set.of(Role.LEAD), Set.of("Ana@example.com", "bo@example.com"));

        assertThat(Scope.of(lee).owners()).containsExactly("ana@example.com", "bo@example.com", "lee@example.com");
        assertThat(Scope.of(lee).allows("cy@example.com")).isFalse();
        assertThat(Scope.own(lee).owners()).containsExactly("lee@example.com");
    }

    @Test
    void anOperatorSeesNoAccountsAndATokenWithoutPersonEveryAccount() {
        Scope operator = Scope.of(new Person("op@example.com", Set.of(Role.OPERATOR), Set.of()));

        assertThat(operator.allows("op@example.com")).isFalse();
        assertThat(operator.unrestricted()).isFalse();
        assertThat(Scope.everyAccount().allows("anyone@example.com")).isTrue();
        assertThat(Scope.everyAccount().allows(null)).isTrue();
    }
}
