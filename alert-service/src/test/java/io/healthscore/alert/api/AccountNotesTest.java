package io.healthscore.alert.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccountNotesTest {

    @Test
    void aNoteIsStrippedAndItsLineBreaksAreNormalised() {
        assertThat(AccountNotes.body("  first\r\nsecond\rthird\n\tindented  ")).isEqualTo("first\nsecond\nthird\n\tindented");
    }

    @Test
    void aNoteIsOneTo2000CharactersCountedAsCharactersNotUtf16Units() {
        assertThat(AccountNotes.body("研".repeat(2000))).hasSize(2000);
        assertThat(AccountNotes.body("😀".repeat(2000))).hasSize(4000);
        assertThatThrownBy(() -> AccountNotes.body("n".repeat(2001))).isInstanceOf(ApiException.class)
                .hasMessageContaining("at most 2000 characters; this one has 2001");
        assertThatThrownBy(() -> AccountNotes.body(null)).hasMessageContaining("needs some text");
        assertThatThrownBy(() -> AccountNotes.body(" \r\n\t ")).hasMessageContaining("needs some text");
    }

    @Test
    void controlCharactersOtherThanTabAndLineBreaksAndLoneSurrogatesAreRefused() {
        assertThatThrownBy(() -> AccountNotes.body("a\u0000b")).hasMessageContaining("no control characters");
        assertThatThrownBy(() -> AccountNotes.body("a\u001b[31mred")).hasMessageContaining("no control characters");
        assertThatThrownBy(() -> AccountNotes.body("a\u0085b")).hasMessageContaining("no control characters");
        assertThatThrownBy(() -> AccountNotes.body("lone \ud800 high")).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> AccountNotes.body("lone \udc00 low")).hasMessageContaining("lone surrogate");
        assertThat(AccountNotes.body("<script>alert(1)</script>")).isEqualTo("<script>alert(1)</script>");
    }
}
