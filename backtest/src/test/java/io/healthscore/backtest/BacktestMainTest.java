package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BacktestMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArgumentsPrintsTheUsageAndExitsWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: backtest --events FILE");
    }

    @Test
    void badArgumentsNameTheOptionAndExitWithTwo() {
        assertThat(run("--events")).isEqualTo(2);
        assertThat(err()).startsWith("backtest: --events needs a value");

        err.reset();
        assertThat(run("--events", "x.json", "--horizon", "30")).isEqualTo(2);
        assertThat(err()).startsWith("backtest: unknown option --horizon");

        err.reset();
        assertThat(run("--out", "r")).isEqualTo(2);
        assertThat(err()).startsWith("backtest: --events is required");

        err.reset();
        assertThat(run("generate", "--out", "x.json", "--format", "csv")).isEqualTo(2);
        assertThat(err()).startsWith("backtest: --format: expected one of [native, sparkify, orgs], got 'csv'");
    }

    @Test
    void aMappingErrorNamesTheRuleAndExitsWithOne() throws Exception {
        Path log = dir.resolve("log.json");
        Files.writeString(log, "{\"userId\":\"1\",\"ts\":1538352117000,\"page\":\"NextSong\"}\n");
        Path mapping = dir.resolve("mapping.yml");
        Files.writeString(mapping, """
                account: userId
                time: ts
                rules:
                  - name: play
                    when: {page: NextSong}
                    emit: {type: FEATURE_USED, feature: play}
                  - name: thumbs-down
                    when: {page: Thumbs Down}
                    emit: {signal: DISLIKE}
                churn:
                  when: {page: Cancellation Confirmation}
                """);

        int status = run("--events", log.toString(), "--mapping", mapping.toString(), "--out", dir.resolve("r").toString());

        assertThat(status).isEqualTo(1);
        assertThat(err()).startsWith("backtest: " + mapping + " line 9, rule #2 'thumbs-down', field 'emit.signal': "
                + "unknown signal type 'DISLIKE'; expected one of [NPS_ANSWER, SUPPORT_TICKET_OPENED");
    }

    @Test
    void aMappingWithoutChurnAndNoOutcomesFileIsRefused() throws Exception {
        Path log = dir.resolve("log.json");
        Files.writeString(log, "{\"userId\":\"1\",\"ts\":1538352117000,\"page\":\"NextSong\"}\n");
        Path mapping = dir.resolve("m.yml");
        Files.writeString(mapping, "account: userId\ntime: ts\nrules:\n  - {name: all, when: {page: NextSong}, emit: none}\n");

        assertThat(run("--events", log.toString(), "--mapping", mapping.toString())).isEqualTo(1);
        assertThat(err()).startsWith("backtest: no way to know who churned: the mapping " + mapping
                + " has no 'churn' rule and no --outcomes FILE was given");
    }

    @Test
    void generateWritesTheSameFileForTheSameSeed() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");

        assertThat(run("generate", "--out", a.toString(), "--accounts", "20", "--events", "5000", "--days", "60")).isZero();
        assertThat(run("generate", "--out", b.toString(), "--accounts", "20", "--events", "5000", "--days", "60")).isZero();

        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        long lines = Files.lines(a).count();
        assertThat(lines).isBetween(4_500L, 5_500L);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("20 accounts (4 churners, 0 upgraders) over 60 days");
    }
}
