package io.healthscore.alert.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aHashMatchesItsPasswordAndNoOther() {
        PasswordHash hash = PasswordHash.create("correct horse".toCharArray(), PasswordHash.MIN_ITERATIONS);

        PasswordHash parsed = PasswordHash.parse(hash.encoded());

        assertThat(hash.encoded()).startsWith("pbkdf2-sha256$210000$");
        assertThat(parsed.matches("correct horse".toCharArray())).isTrue();
        assertThat(parsed.matches("correct horsE".toCharArray())).isFalse();
        assertThat(parsed.matches(new char[0])).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        String a = PasswordHash.create("pw".toCharArray(), PasswordHash.MIN_ITERATIONS).encoded();
        String b = PasswordHash.create("pw".toCharArray(), PasswordHash.MIN_ITERATIONS).encoded();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void weakOrMalformedHashesAreRefusedWithAReason() {
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$1000$AAAAAAAAAAA=$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")).hasMessageContaining("at least 210000 iterations");
        assertThatThrownBy(() -> PasswordHash.parse("plain-text")).hasMessageContaining("must look like");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$x$a$b")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256$210000$!!$!!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> PasswordHash.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theProgramPrintsAHashOfThePasswordOnStandardInput() throws Exception {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream("s3cret pass\n".getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            PasswordHash.main(new String[0]);
        } finally {
            System.setIn(in);
            System.setOut(out);
        }

        String hash = printed.toString(StandardCharsets.UTF_8).strip();
        assertThat(PasswordHash.parse(hash).matches("s3cret pass".toCharArray())).isTrue();
    }
}
