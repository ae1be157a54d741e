package io.healthscore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healthscore.backtest.generate.GeneratorSettings;
import io.healthscore.backtest.generate.SyntheticLog;
import io.healthscore.backtest.input.SortSettings;
import io.healthscore.backtest.replay.ReplaySettings;
import io.healthscore.backtest.report.BacktestReport;
import io.healthscore.backtest.report.JsonReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log in account order (account after account, each in time order, as database exports come) is sorted by event
 * time before the replay, so it gives the same report as the same records written in time order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputOrderTest {

    private static final ReplaySettings REPLAY = new ReplaySettings(Duration.ofHours(6), 500);
    /** Small enough that the log is sorted in several runs on disk and merged. */
    private static final long SORT_MEMORY = 512 * 1024;

    private Path dir;
    private Path sorted;
    private Path accountOrdered;
    private BacktestReport fromSorted;
    private BacktestReport fromAccountOrdered;
    private final List<String> progress = new ArrayList<>();

    @BeforeAll
    void replayBothOrders(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        sorted = dir.resolve("sorted.jsonl");
        new SyntheticLog(GeneratorSettings.defaults().with(40, 30_000, 90).withChurnShare(0.3).withSeed(11))
                .write(sorted, null);
        accountOrdered = LogRewrites.accountOrdered(sorted, "account", dir.resolve("by-account.jsonl"));
        fromSorted = Backtest.run(options(sorted, "sorted-report"), m -> { });
        fromAccountOrdered = Backtest.run(options(accountOrdered, "account-report"), progress::add);
    }

    private BacktestOptions options(Path log, String out) {
        return BacktestOptions.of(log, dir.resolve(out)).withWarmup(14).withReplay(REPLAY)
                .withSort(SortSettings.defaults().withMemory(SORT_MEMORY));
    }

    @Test
    void anAccountOrderedLogGivesTheSameReportAsTheSortedOne() {
        assertThat(fromAccountOrdered.replay().observations().deadLetterCount()).isZero();
        assertThat(comparable(fromAccountOrdered)).isEqualTo(comparable(fromSorted));
        assertThat(fromAccountOrdered.alerts().churners()).isPositive();
        assertThat(fromAccountOrdered.alerts().withoutAnyAlert()).isLessThan(fromAccountOrdered.alerts().churners());
    }

    @Test
    void theReportSaysWhetherTheLogWasSortedAndHowFarOutOfOrderItWas() {
        assertThat(fromSorted.replay().order().sorted()).isTrue();
        assertThat(fromSorted.replay().order().runs()).isZero();
        var order = fromAccountOrdered.replay().order();
        assertThat(order.sorted()).isFalse();
        assertThat(order.outOfOrder()).isPositive();
        assertThat(order.largestJumpMillis()).isGreaterThan(Duration.ofDays(30).toMillis());
        assertThat(order.runs()).isGreaterThan(1);
    }

    @Test
    void theSortShowsProgressAndLeavesNoTemporaryFilesBehind() throws Exception {
        assertThat(progress).anyMatch(m -> m.contains("not in time order"));
        assertThat(progress).anyMatch(m -> m.startsWith("sorted ") && m.contains("runs"));
        try (Stream<Path> files = Files.list(dir.resolve("account-report"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".sort"));
        }
    }

    @Test
    void withNoSortAnUnsortedLogIsRefusedNamingTheLargestBackwardsJump() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = BacktestMain.run(new String[] {"--events", accountOrdered.toString(), "--no-sort",
                "--out", dir.resolve("refused").toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("backtest: " + accountOrdered + " is not in time order")
                .containsPattern("the largest backwards jump is \\d+ days [\\d.]+ h, at line [\\d,]+ \\(")
                .contains("without --no-sort the log is sorted first");
    }

    /** The report without what depends on the file, the machine or the order it came in. */
    private static ObjectNode comparable(BacktestReport report) {
        ObjectNode tree = JsonReport.tree(report);
        tree.remove(List.of("generatedAt", "inputs", "charts"));
        ObjectNode replay = (ObjectNode) tree.get("replay");
        replay.remove(List.of("seconds", "recordsPerSecond", "cpuSeconds", "inputsPerSecond", "order"));
        return tree;
    }
}
