package io.healthscore.backtest.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalLineSortTest {

    @TempDir
    Path dir;

    @Test
    void linesComeOutByTimeAndLinesWithTheSameTimeKeepTheirFileOrder() throws Exception {
        List<ExternalLineSort.Entry> written = new ArrayList<>();
        Random random = new Random(3);
        for (long line = 1; line <= 50_000; line++) {
            written.add(new ExternalLineSort.Entry(random.nextInt(500), line, "{\"n\":" + line + "}"));
        }
        List<ExternalLineSort.Entry> read = new ArrayList<>();

        int runs;
        try (ExternalLineSort sort = new ExternalLineSort(SortSettings.MIN_MEMORY, dir)) {
            for (ExternalLineSort.Entry e : written) {
                sort.add(e.time(), e.line(), e.text());
            }
            sort.drainSorted(read::add);
            runs = sort.runs();
        }

        List<ExternalLineSort.Entry> expected = new ArrayList<>(written);
        expected.sort(Comparator.comparingLong(ExternalLineSort.Entry::time)); // List.sort is stable
        assertThat(read).isEqualTo(expected);
        // More runs than are merged at once: some are merged into a run of runs first.
        assertThat(runs).isGreaterThan(ExternalLineSort.FAN_IN);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aLogThatFitsInMemoryIsSortedWithoutTemporaryFiles() throws Exception {
        List<String> read = new ArrayList<>();

        try (ExternalLineSort sort = new ExternalLineSort(SortSettings.DEFAULT_MEMORY, dir)) {
            sort.add(30, 1, "c");
            sort.add(10, 2, "a");
            sort.add(30, 3, "d");
            sort.add(20, 4, "b");
            sort.drainSorted(e -> read.add(e.text()));
            assertThat(sort.runs()).isZero();
        }

        assertThat(read).containsExactly("a", "b", "c", "d");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
