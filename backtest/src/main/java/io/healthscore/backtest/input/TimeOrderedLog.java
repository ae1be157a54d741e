package io.healthscore.backtest.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Hands the records of a log to a handler in event-time order, whatever order the file is in. A first pass reads
 * every record's time and notes how far out of order the file is. A sorted file is then read as it is; an unsorted
 * one is sorted by {@link ExternalLineSort} (stable: records with the same time keep their file order), or refused
 * when sorting is off. Line numbers are always the file's, so messages name the line a reader can find.
 * A record whose time cannot be read takes the time of the timed record before it in the file, so it stays next to
 * its neighbours and is reported when mapped.
 */
public final class TimeOrderedLog {

    /** The event time of a record, or {@link #NO_TIME}. */
    public interface TimeKey {
        long timeOf(JsonNode record);
    }

    public static final long NO_TIME = Long.MIN_VALUE;

    private final Path file;
    private final TimeKey key;
    private final Consumer<String> progress;
    private final EventLogReader reader = new EventLogReader();
    private long lines;

    public TimeOrderedLog(Path file, TimeKey key, Consumer<String> progress) {
        this.file = file;
        this.key = key;
        this.progress = progress;
    }

    /** Reads the whole log in time order into {@code handler}; returns how out of order it was. */
    public LogOrder read(SortSettings settings, EventLogReader.Handler handler) throws IOException {
        LogOrder order = check(settings.memoryBytes());
        lines = order.lines();
        if (order.sorted()) {
            reader.read(file, handler);
            return order;
        }
        if (!settings.sort()) {
            throw new IllegalArgumentException(file + " is not in time order: " + order.describe() + ". Replayed in file "
                    + "order, inputs far behind the log's clock would be dead-lettered; without --no-sort the log is "
                    + "sorted first.");
        }
        progress.accept(file + " is not in time order (" + order.describe() + "); sorting it by event time ...");
        long started = System.nanoTime();
        try (ExternalLineSort sort = new ExternalLineSort(settings.memoryBytes(), settings.tempParent())) {
            Throttle throttle = Throttle.everyFewSeconds();
            long[] previous = {NO_TIME};
            EventLogReader.lines(file, (line, text) -> {
                sort.add(timeOrPrevious(line, text, previous), line, text);
                if (throttle.due()) {
                    progress.accept(String.format(Locale.ROOT, "sorting: %,d of %,d lines read, %d runs written",
                            line, order.lines(), sort.runs()));
                }
            });
            sort.seal();
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.accept(sort.runs() == 0
                    ? String.format(Locale.ROOT, "sorted %,d lines in memory in %.1f s (no runs on disk)", sort.lines(), seconds)
                    : String.format(Locale.ROOT, "sorted %,d lines in %.1f s into %d runs on disk (sort memory %s); "
                    + "merging them as the replay goes", sort.lines(), seconds, sort.runs(), megabytes(settings.memoryBytes())));
            sort.drainSorted(entry -> reader.parse(entry.line(), entry.text(), handler));
            return order.withSort(sort.runs(), seconds);
        }
    }

    /** Lines in the file, known once the first pass is done (for progress). */
    public long lines() {
        return lines;
    }

    /** The first pass: how far out of time order the file is. */
    LogOrder check(long sortMemory) throws IOException {
        long started = System.nanoTime();
        Throttle throttle = Throttle.everyFewSeconds();
        long[] s = new long[7]; // outOfOrder, largestJump, jumpLine, jumpTime, aheadLine, aheadTime(max), previous
        s[5] = NO_TIME;
        long lines = EventLogReader.lines(file, (line, text) -> {
            if (throttle.due()) {
                progress.accept(String.format(Locale.ROOT, "checking the time order: %,d lines read", line));
            }
            JsonNode record = reader.record(line, text, null);
            long time = record == null ? NO_TIME : key.timeOf(record);
            if (time == NO_TIME) {
                return;
            }
            if (s[5] != NO_TIME && time < s[5]) {
                s[0]++;
                if (s[5] - time > s[1]) {
                    s[1] = s[5] - time;
                    s[2] = line;
                    s[3] = time;
                    s[6] = s[4];
                }
            }
            if (s[5] == NO_TIME || time > s[5]) {
                s[5] = time;
                s[4] = line;
            }
        });
        long aheadTime = s[2] == 0 ? 0 : s[3] + s[1];
        return new LogOrder(lines, s[0], s[1], s[2], s[3], s[6], aheadTime, 0, sortMemory,
                (System.nanoTime() - started) / 1e9, 0);
    }

    private long timeOrPrevious(long line, String text, long[] previous) {
        JsonNode record = reader.record(line, text, null);
        long time = record == null ? NO_TIME : key.timeOf(record);
        if (time == NO_TIME) {
            return previous[0];
        }
        previous[0] = time;
        return time;
    }

    private static String megabytes(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : (bytes >> 10) + " KB";
    }
}
