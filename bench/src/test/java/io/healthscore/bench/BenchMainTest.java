package io.healthscore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchMainTest {

    private static final Path OUT = Path.of("out");

    @Test
    void withoutOptionsTheFullRunOnAHundredThousandAccounts() {
        BenchOptions o = BenchMain.parse(new String[0], OUT);
        assertThat(o.accounts()).isEqualTo(100_000);
        assertThat(o.e2eRate()).isEqualTo(5_000);
        assertThat(o.out()).isEqualTo(OUT);
    }

    @Test
    void quickIsSmallerAndOptionsOverrideIt() {
        BenchOptions o = BenchMain.parse(new String[] {"--quick", "--accounts", "1_000_000", "--out", "x",
                "--clients", "8", "--batch", "250", "--rate", "2000", "--e2e-duration", "90s", "--seed", "7"}, OUT);
        assertThat(o.accounts()).isEqualTo(1_000_000);
        assertThat(o.rawEvents()).isEqualTo(BenchOptions.quick(OUT).rawEvents());
        assertThat(o.out()).isEqualTo(Path.of("x"));
        assertThat(o.ingestClients()).isEqualTo(8);
        assertThat(o.ingestBatch()).isEqualTo(250);
        assertThat(o.e2eRate()).isEqualTo(2_000);
        assertThat(o.e2eDuration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.seed()).isEqualTo(7);
    }

    @Test
    void helpIsNotAnError() {
        assertThat(BenchMain.parse(new String[] {"--help"}, OUT)).isNull();
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"--acounts", "5"}, OUT))
                .hasMessageContaining("unknown option '--acounts'");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"--accounts"}, OUT))
                .hasMessageContaining("--accounts needs a value");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"--accounts", "many"}, OUT))
                .hasMessageContaining("--accounts expects a whole number, got 'many'");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"--accounts", "10"}, OUT))
                .hasMessageContaining("--accounts out of range: 10");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"--e2e-duration", "soon"}, OUT))
                .hasMessageContaining("--e2e-duration expects a duration");
        assertThatThrownBy(() -> BenchMain.parse(new String[] {"--clients", "1000"}, OUT))
                .hasMessageContaining("--clients out of range: 1000");
    }

    @Test
    void accountIdsSortLikeNumbers() {
        assertThat(AccountIds.of(42)).isEqualTo("acct-0000042");
        assertThat(AccountIds.of(1_234_567)).isEqualTo("acct-1234567");
        assertThat(AccountIds.of(12_345_678)).isEqualTo("acct-12345678");
    }
}
