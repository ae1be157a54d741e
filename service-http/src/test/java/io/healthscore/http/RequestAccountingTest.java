package io.healthscore.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestAccountingTest {

    @Test
    void aLoggedPathIsPrintableAsciiAndBounded() {
        assertThat(RequestAccounting.printable("/v1/événement\n\u0000x", 120)).isEqualTo("/v1/?v?nement??x");
        assertThat(RequestAccounting.printable("a".repeat(200), 120)).hasSize(123).endsWith("...");
    }
}
