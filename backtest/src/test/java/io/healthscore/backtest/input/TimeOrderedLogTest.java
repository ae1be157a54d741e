package io.healthscore.backtest.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log in event-time order, over more lines than one parsing chunk holds, with unreadable, non-object and blank
 * lines among them: every record and every unreadable line reaches the handler once, in the order a line-by-line
 * reading would give (records by time, file order for equal times; an unreadable line next to the timed line before
 * it in the file), with the file's line numbers.
 */
class TimeOrderedLogTest {

    private static final TimeOrderedLog.TimeKey TIME = record -> record.has("t")
            ? record.get("t").asLong() : TimeOrderedLog.NO_TIME;

    @TempDir
    Path dir;

    /** One line of the test log: what it holds and the time it sorts by. */
    private record Line(long number, String text, long sortTime, String expected) {
    }

    @Test
    void anUnsortedLogComesOutInTimeOrderWithItsUnreadableLinesInPlace() throws IOException {
        List<Line> lines = log(new Random(7), 20_000, false);
        List<String> seen = read(lines, SortSettings.defaults().withMemory(256 << 10).withTempParent(dir));
        assertEquals(expected(lines), seen);
    }

    @Test
    void aSortedLogComesOutAsItWasWithAndWithoutTheSort() throws IOException {
        List<Line> lines = log(new Random(11), 9_001, true);
        List<String> inFileOrder = lines.stream().map(Line::expected).filter(e -> e != null).toList();
        assertEquals(inFileOrder, read(lines, SortSettings.defaults().withTempParent(dir)));
        assertEquals(inFileOrder, read(lines, SortSettings.defaults().withSort(false)));
    }

    @Test
    void withoutTheSortAnUnsortedLogIsRefusedNamingHowFarOutOfOrderItIs() throws IOException {
        List<Line> lines = log(new Random(5), 5_000, false);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> read(lines, SortSettings.defaults().withSort(false)));
        assertTrue(refused.getMessage().contains("is not in time order"), refused.getMessage());
        assertTrue(refused.getMessage().contains("lines are earlier than a line before them"), refused.getMessage());
    }

    /** Records with times (sorted or shuffled), every 97th line not JSON, every 89th an array, every 83rd blank. */
    private static List<Line> log(Random random, int count, boolean sorted) {
        List<Line> lines = new ArrayList<>();
        long previous = TimeOrderedLog.NO_TIME;
        for (int n = 1; n <= count; n++) {
            if (n % 97 == 0) {
                lines.add(new Line(n, "{\"t\": " + n + ", oops", previous, "unreadable " + n));
            } else if (n % 89 == 0) {
                lines.add(new Line(n, "[1, 2]", previous, "unreadable " + n));
            } else if (n % 83 == 0) {
                lines.add(new Line(n, "  ", previous, null));
            } else {
                long time = sorted ? n / 3 : random.nextInt(500);
                lines.add(new Line(n, "{\"t\": " + time + ", \"n\": " + n + "}", time, "record " + n + " t " + time));
                previous = time;
            }
        }
        return lines;
    }

    private static List<String> expected(List<Line> lines) {
        return lines.stream().filter(l -> l.expected() != null)
                .sorted(Comparator.comparingLong(Line::sortTime).thenComparingLong(Line::number))
                .map(Line::expected).toList();
    }

    private List<String> read(List<Line> lines, SortSettings settings) throws IOException {
        Path file = Files.createTempFile(dir, "log", ".jsonl");
        Files.write(file, lines.stream().map(Line::text).toList(), StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        TimeOrderedLog log = new TimeOrderedLog(file, TIME, message -> { });
        LogOrder order = log.read(settings, new EventLogReader.Handler() {
            @Override
            public void record(long line, JsonNode record) {
                seen.add("record " + line + " t " + record.get("t").asLong());
            }

            @Override
            public void unreadable(long line, String problem) {
                assertFalse(problem.isBlank());
                seen.add("unreadable " + line);
            }
        });
        assertEquals(lines.size(), order.lines());
        return seen;
    }
}
