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
}
