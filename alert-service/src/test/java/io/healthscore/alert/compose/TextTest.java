package io.healthscore.alert.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void lineBreaksThatCouldInjectMailHeadersBecomeOneSpace() {
        assertThat(Text.oneLine("Acme\r\nBcc: everyone@example.com", 200)).isEqualTo("Acme Bcc: everyone@example.com");
    }

    @Test
    void tabsOtherControlCharactersAndUnicodeLineAndParagraphSeparatorsBecomeSpaces() {
        assertThat(Text.oneLine("a\tb\u000Bc\fd\u0085e\u2028f\u2029g\u0000h", 200)).isEqualTo("a b c d e f g h");
    }

    @Test
    void bidiOverridesIsolatesAndInvisibleFormatCharactersAreDropped() {
        assertThat(Text.oneLine("invoice\u202Efdp.exe\u202C \u2066x\u2069 \u200Fy\u200E z\u200B\uFEFF\u00AD", 200))
                .isEqualTo("invoicefdp.exe x y z");
    }

    @Test
    void joinersThatScriptsAndEmojiNeedAndIdeographicSpacesAreKept() {
        assertThat(Text.oneLine("山田\u3000商事 👩\u200D💻 می\u200Cخواهم", 200)).isEqualTo("山田\u3000商事 👩\u200D💻 می\u200Cخواهم");
    }

    @Test
    void runsOfWhiteSpaceBecomeOneSpaceAndTheEndsAreTrimmed() {
        assertThat(Text.oneLine("  \r\n Acme \t\t  Corp \r\n", 200)).isEqualTo("Acme Corp");
    }

    @Test
    void namesAndFreeTextAreCutAtAHundredCharactersWithAnEllipsis() {
        String cut = Text.oneLine("x".repeat(4096));

        assertThat(cut).hasSize(Text.MAX_FIELD).endsWith("…").startsWith("x".repeat(99));
        assertThat(Text.oneLine("x".repeat(Text.MAX_FIELD))).isEqualTo("x".repeat(Text.MAX_FIELD));
    }

    @Test
    void theCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String cut = Text.oneLine("😀".repeat(200), 10);

        assertThat(cut).isEqualTo("😀".repeat(9) + "…");
        assertThat(cut.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
    }

    @Test
    void overlongValuesAreCutAndNullIsEmpty() {
        assertThat(Text.oneLine("x".repeat(500), 10)).isEqualTo("xxxxxxxxx…");
        assertThat(Text.oneLine(null, 10)).isEmpty();
    }

    @Test
    void cleaningTwiceChangesNothing() {
        String hostile = "Your account is suspended\r\nBcc: all@victim.example\u2028\u202E " + "x".repeat(4096);

        assertThat(Text.oneLine(Text.oneLine(hostile))).isEqualTo(Text.oneLine(hostile));
    }

    @Test
    void longListsAreCutWithACountOfTheRest() {
        assertThat(Text.firstOf(List.of("a", "b", "c"), 2)).containsExactly("a", "b", "(+1 more)");
        assertThat(Text.firstOf(List.of("a"), 2)).containsExactly("a");
    }
}
