package io.healthscore.alert.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    private static FormBody parse(String body) {
        return FormBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fieldsAreDecodedFromUtf8PercentEscapes() {
        FormBody form = parse("username=%E5%B1%B1%E7%94%B0+%F0%9F%98%80&password=a%26b%3Dc&csrf=");

        assertThat(form.get("username")).isEqualTo("山田 😀");
        assertThat(form.get("password")).isEqualTo("a&b=c");
        assertThat(form.get("csrf")).isEmpty();
        assertThat(form.get("other")).isNull();
        assertThat(FormBody.parse(null).get("csrf")).isNull();
    }

    @Test
    void hostileFormsAreRefusedWithAReasonThatEchoesNoValue() {
        assertThatThrownBy(() -> parse("username=%zz")).isInstanceOf(FormBody.BadForm.class)
                .hasMessageContaining("broken percent escape");
        assertThatThrownBy(() -> parse("username=a%00b")).hasMessageContaining("control characters")
                .hasMessageNotContaining("a\u0000b");
        assertThatThrownBy(() -> parse("password=" + "x".repeat(1025))).hasMessageContaining("longer than 1024");
        assertThatThrownBy(() -> parse("csrf=a&csrf=b")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> parse("a=1&".repeat(20))).hasMessageContaining("more than 16 fields");
        assertThatThrownBy(() -> parse("%3Cscript%3E=1")).hasMessageContaining("no console form has");
        assertThatThrownBy(() -> FormBody.parse(new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28}))
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> parse("username=%C3%28")).hasMessageContaining("UTF-8");
    }

    @Test
    void theBulkVariantTakesOneRepeatedFieldAndStillRefusesEverythingElse() {
        FormBody form = FormBody.parseRepeated("csrf=t&id=a1&id=a%202&id=a3".getBytes(StandardCharsets.UTF_8),
                "id", 100);
        assertThat(form.all()).containsExactly("a1", "a 2", "a3");
        assertThat(form.get("csrf")).isEqualTo("t");
        assertThat(form.get("id")).isNull();
        assertThat(FormBody.parseRepeated("csrf=t".getBytes(StandardCharsets.UTF_8), "id", 100).all()).isEmpty();
        assertThat(FormBody.parseRepeated(("csrf=t" + "&id=x".repeat(100)).getBytes(StandardCharsets.UTF_8), "id",
                100).all()).hasSize(100);

        assertThatThrownBy(() -> FormBody.parseRepeated(("csrf=t" + "&id=x".repeat(101))
                .getBytes(StandardCharsets.UTF_8), "id", 100)).isInstanceOf(FormBody.BadForm.class)
                .hasMessageContaining("more than 100 times");
        assertThatThrownBy(() -> FormBody.parseRepeated("csrf=a&csrf=b&id=1".getBytes(StandardCharsets.UTF_8),
                "id", 100)).hasMessageContaining("'csrf' is given twice");
        assertThatThrownBy(() -> FormBody.parseRepeated("id=a%00b".getBytes(StandardCharsets.UTF_8), "id", 100))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> FormBody.parseRepeated(("id=1&" + "a=1&".repeat(120))
                .getBytes(StandardCharsets.UTF_8), "id", 100)).isInstanceOf(FormBody.BadForm.class);
        // The plain form is unchanged: the field the bulk form repeats is refused twice there.
        assertThatThrownBy(() -> parse("id=1&id=2")).hasMessageContaining("given twice");
    }

    @Test
    void theOneFreeTextFieldMayBeLongerAndHoldLineBreaksWhileEveryOtherFieldKeepsTheRules() {
        byte[] note = ("csrf=t&body=" + "%E7%A0%94".repeat(2000) + "%0D%0Asecond+line%09tab").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FormBody.parseWithText(note, "body", 2000)).hasMessageContaining("longer than 2000");
        String ok = "csrf=t&body=" + "%E7%A0%94".repeat(1980) + "%0D%0Asecond+line%09tab";
        assertThat(FormBody.parseWithText(ok.getBytes(StandardCharsets.UTF_8), "body", 2000).get("body"))
                .startsWith("研研").endsWith("\r\nsecond line\ttab").hasSize(1980 + 2 + 15);
        // Counted in characters: 2,000 characters outside the BMP are 4,000 UTF-16 units and still taken.
        String emoji = "csrf=t&body=" + "%F0%9F%98%80".repeat(2000);
        assertThat(FormBody.parseWithText(emoji.getBytes(StandardCharsets.UTF_8), "body", 2000).get("body"))
                .hasSize(4000);
        assertThatThrownBy(() -> FormBody.parseWithText("csrf=t&body=a%00b".getBytes(StandardCharsets.UTF_8), "body",
                2000)).hasMessageContaining("control characters");
        assertThatThrownBy(() -> FormBody.parseWithText("csrf=a%0Ab&body=x".getBytes(StandardCharsets.UTF_8), "body",
                2000)).hasMessageContaining("field 'csrf' has control characters");
        assertThatThrownBy(() -> FormBody.parseWithText(("csrf=" + "x".repeat(1025) + "&body=x")
                .getBytes(StandardCharsets.UTF_8), "body", 2000)).hasMessageContaining("longer than 1024");
    }
}
