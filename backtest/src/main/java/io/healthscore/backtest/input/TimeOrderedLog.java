package io.healthscore.backtest.input;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.IntStream;

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

    /**
     * Reads the whole log in time order into {@code handler}; returns how out of order it was. With sorting on, one
     * pass both checks the order and feeds the sort (each line is read and parsed once before the replay, not twice);
     * a log found in order comes out of the sort in file order, as it was.
     */
    public LogOrder read(SortSettings settings, EventLogReader.Handler handler) throws IOException {
        if (!settings.sort()) {
            LogOrder order = check(settings.memoryBytes());
            lines = order.lines();
            if (!order.sorted()) {
                throw new IllegalArgumentException(file + " is not in time order: " + order.describe() + ". Replayed in "
                        + "file order, inputs far behind the log's clock would be dead-lettered; without --no-sort the "
                        + "log is sorted first.");
            }
            try (ParsedLines parsed = handedTo(handler)) {
                EventLogReader.lines(file, parsed::add);
            }
            return order;
        }
        long started = System.nanoTime();
        try (ExternalLineSort sort = new ExternalLineSort(settings.memoryBytes(), settings.tempParent())) {
            Throttle throttle = Throttle.everyFewSeconds();
            OrderCheck check = new OrderCheck();
            long[] previous = {NO_TIME};
            long read;
            try (ParsedLines timed = new ParsedLines((line, text, record) -> {
                long time = record == null ? NO_TIME : key.timeOf(record);
                check.see(line, time);
                if (time != NO_TIME) {
                    previous[0] = time;
                }
                sort.add(previous[0], line, text);
                if (throttle.due()) {
                    progress.accept(String.format(Locale.ROOT, "reading and sorting by event time: %,d lines read, "
                            + "%d runs written", line, sort.runs()));
                }
            })) {
                read = EventLogReader.lines(file, timed::add);
            }
            sort.seal();
            double seconds = (System.nanoTime() - started) / 1e9;
            LogOrder order = check.order(read, settings.memoryBytes(), seconds);
            lines = read;
            if (order.sorted()) {
                drain(sort, handler);
                return order;
            }
            progress.accept(file + " is not in time order (" + order.describe() + ")");
            progress.accept(sort.runs() == 0
                    ? String.format(Locale.ROOT, "sorted %,d lines in memory in %.1f s (no runs on disk)", sort.lines(), seconds)
                    : String.format(Locale.ROOT, "sorted %,d lines in %.1f s into %d runs on disk (sort memory %s); "
                    + "merging them as the replay goes", sort.lines(), seconds, sort.runs(), megabytes(settings.memoryBytes())));
            drain(sort, handler);
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
        OrderCheck check = new OrderCheck();
        long lines;
        try (ParsedLines timed = new ParsedLines((line, text, record) -> {
            long time = record == null ? NO_TIME : key.timeOf(record);
            if (throttle.due()) {
                progress.accept(String.format(Locale.ROOT, "checking the time order: %,d lines read", line));
            }
            check.see(line, time);
        })) {
            lines = EventLogReader.lines(file, timed::add);
        }
        return check.order(lines, sortMemory, (System.nanoTime() - started) / 1e9);
    }

    /** A line of the log with its record (null when the line is blank or unreadable), in the order they came. */
    private interface ParsedLine {
        void line(long line, String text, JsonNode record) throws IOException;
    }

    /**
     * Lines gathered in chunks that are parsed in parallel (parsing is most of reading a log), then handed on one by
     * one in the order they came. Parsing is a pure function of the line, so the result is the same as parsing them
     * one after the other; an unreadable line is handed on without a record, to be reported in its place.
     */
    private final class ParsedLines implements AutoCloseable {
        private static final int CHUNK = 4096;
        private final ParsedLine sink;
        private final long[] lines = new long[CHUNK];
        private final String[] texts = new String[CHUNK];
        private final JsonNode[] records = new JsonNode[CHUNK];
        private int size;

        ParsedLines(ParsedLine sink) {
            this.sink = sink;
        }

        void add(long line, String text) throws IOException {
            lines[size] = line;
            texts[size++] = text;
            if (size == CHUNK) {
                flush();
            }
        }

        private void flush() throws IOException {
            int n = size;
            IntStream.range(0, n).parallel().forEach(i -> records[i] = reader.record(lines[i], texts[i], null));
            for (int i = 0; i < n; i++) {
                sink.line(lines[i], texts[i], records[i]);
                texts[i] = null;
                records[i] = null;
            }
            size = 0;
        }

        @Override
        public void close() throws IOException {
            if (size > 0) {
                flush();
            }
        }
    }

    /** The second pass: each sorted line parsed and handed to the handler, or reported as unreadable. */
    private void drain(ExternalLineSort sort, EventLogReader.Handler handler) throws IOException {
        try (ParsedLines parsed = handedTo(handler)) {
            sort.drainSorted(entry -> parsed.add(entry.line(), entry.text()));
        }
    }

    /** Lines parsed for the replay: each record to the handler, each unreadable line reported in its place. */
    private ParsedLines handedTo(EventLogReader.Handler handler) {
        return new ParsedLines((line, text, record) -> {
            if (record != null) {
                handler.record(line, record);
            } else {
                reader.parse(line, text, handler);
            }
        });
    }

    /** Follows the event times line by line: how many step back, and the largest step. */
    private static final class OrderCheck {
        private long outOfOrder;
        private long largestJump;
        private long jumpLine;
        private long jumpTime;
        private long jumpAheadLine;
        private long latestLine;
        private long latest = NO_TIME;

        void see(long line, long time) {
            if (time == NO_TIME) {
                return;
            }
            if (latest != NO_TIME && time < latest) {
                outOfOrder++;
                if (latest - time > largestJump) {
                    largestJump = latest - time;
                    jumpLine = line;
                    jumpTime = time;
                    jumpAheadLine = latestLine;
                }
            }
            if (latest == NO_TIME || time > latest) {
                latest = time;
                latestLine = line;
            }
        }

        LogOrder order(long lines, long sortMemory, double seconds) {
            long aheadTime = jumpLine == 0 ? 0 : jumpTime + largestJump;
            return new LogOrder(lines, outOfOrder, largestJump, jumpLine, jumpTime, jumpAheadLine, aheadTime, 0,
                    sortMemory, seconds, 0);
        }
    }

    private static String megabytes(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MB" : (bytes >> 10) + " KB";
    }
}
