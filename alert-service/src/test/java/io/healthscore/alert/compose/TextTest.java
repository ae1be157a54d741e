package io.healthscore.alert.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void lineBreaksThatCouldInjectMailHeadersBecomeSpaces() {
        assertThat(Text.oneLine("Acme\r\nBcc: everyone@example.com", 200)).isEqualTo("Acme  Bcc: everyone@example.com");
    }

    @Test
    void overlongValuesAreCut() {
        assertThat(Text.oneLine("x".repeat(500), 10)).isEqualTo("xxxxxxxxx…");
        assertThat(Text.oneLine(null, 10)).isEmpty();
    }

    @Test
    void longListsAreCutWithACountOfTheRest() {
        assertThat(Text.firstOf(java.util.List.of("a", "b", "c"), 2)).containsExactly("a", "b", "(+1 more)");
        assertThat(Text.firstOf(java.util.List.of("a"), 2)).containsExactly("a");
    }
}
