package io.healthscore.schemas.values;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"csm@example.com", "first.last+tag@sub.example.co.jp", "o'brien@example.org",
            "a@b.io", "x_y-z@xn--bcher-kva.example", "user@bücher.example", "user@例え.jp"})
    void acceptsOrdinaryAndInternationalisedAddresses(String address) {
        assertThat(EmailAddress.problem(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x@[10.0.0.5]", "x@[IPv6:::1]", "\"quoted local\"@example.com", "\"a@b\"@example.com",
            "a b@example.com", "a@b", "a@localhost", "a@10.0.0.5", "a@example.123", "a@-example.com",
            "a@example-.com", "a@exa mple.com", "a@example.com.", ".a@example.com", "a.@example.com", "a..b@example.com",
            "a@@example.com", "a@b@example.com", "@example.com", "a@", "", "a@example.com\r\nBcc: x@evil.example",
            "a@exa\u0000mple.com", "a(comment)@example.com", "a@example.com>", "<a@example.com>", "担当@example.com"})
    void refusesLiteralsQuotedPartsAndMalformedAddresses(String address) {
        assertThat(EmailAddress.problem(address)).isPresent();
    }

    @Test
    void refusesAnOverlongLocalPartAndAddress() {
        assertThat(EmailAddress.problem("a".repeat(65) + "@example.com")).contains(
                "has a local part longer than 64 characters");
        String longDomain = ("a".repeat(60) + ".").repeat(4) + "com";
        assertThat(EmailAddress.problem("a".repeat(10) + "@" + longDomain)).isPresent();
    }

    @Test
    void normalizesTheDomainToLowerCaseAscii() {
        assertThat(EmailAddress.normalize("Csm.Owner@Example.COM")).isEqualTo("Csm.Owner@example.com");
        assertThat(EmailAddress.normalize("user@Bücher.example")).isEqualTo("user@xn--bcher-kva.example");
        assertThat(EmailAddress.domainOf("user@Bücher.example")).isEqualTo("xn--bcher-kva.example");
    }

    @Test
    void normalizeRefusesAnInvalidAddress() {
        assertThatThrownBy(() -> EmailAddress.normalize("x@[10.0.0.5]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain literal");
    }
}
