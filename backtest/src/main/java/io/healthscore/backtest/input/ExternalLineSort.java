package io.healthscore.backtest.input;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * A stable sort of a log's lines by event time, bounded in memory: lines are held until their estimated size
 * reaches the budget, then sorted and written as a run to a temporary directory; the runs are merged at the end
 * (at most {@value #FAN_IN} at a time). The order is (time, line number), and line numbers rise in file order, so
 * lines with the same time keep their file order. {@link #close} deletes the temporary directory.
 */
public final class ExternalLineSort implements Closeable {

    /** A line of the log with its event time and 1-based line number. */
    public record Entry(long time, long line, String text) {
    }

    /** Receives the sorted lines. */
    public interface Sink {
        void accept(Entry entry) throws IOException;
    }

    static final int FAN_IN = 64;
    private static final Comparator<Entry> ORDER = (a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
            : Long.compare(a.line, b.line);
    private static final int BUFFER = 1 << 16;
    /** Per line held: the entry, the String and its array headers, the list slot; the text at 2 bytes a char. */
    private static final long OVERHEAD = 96;

    private final long memoryBytes;
    private final Path tempParent;
    private Path tempDir;
    private List<Entry> buffer = new ArrayList<>();
    private long buffered;
    private final List<Path> runs = new ArrayList<>();
    private int runsWritten;
    private long lines;

    public ExternalLineSort(long memoryBytes, Path tempParent) {
        this.memoryBytes = memoryBytes;
        this.tempParent = tempParent;
    }

    public void add(long time, long line, String text) throws IOException {
        buffer.add(new Entry(time, line, text));
        lines++;
        buffered += OVERHEAD + 2L * text.length();
        if (buffered >= memoryBytes) {
            spill();
        }
    }

    /** No more lines: once any run is on disk, the lines still in memory become the last run. */
    public void seal() throws IOException {
        if (!runs.isEmpty() && !buffer.isEmpty()) {
            spill();
        }
    }

    /** Hands every line to {@code sink} in (time, line) order. */
    public void drainSorted(Sink sink) throws IOException {
        if (runs.isEmpty()) {
            buffer.sort(ORDER);
            List<Entry> sorted = buffer;
            buffer = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                sink.accept(sorted.get(i));
                sorted.set(i, null);
            }
            return;
        }
        seal();
        while (runs.size() > FAN_IN) {
            List<Path> group = new ArrayList<>(runs.subList(0, FAN_IN));
            runs.subList(0, FAN_IN).clear();
            Path merged = newRun();
            try (DataOutputStream out = output(merged)) {
                merge(group, entry -> write(out, entry));
            }
            for (Path run : group) {
                Files.delete(run);
            }
            runs.add(merged);
        }
        merge(runs, sink);
    }

    /** Runs written to disk so far (0 when the whole log fitted in memory). */
    public int runs() {
        return runsWritten;
    }

    public long lines() {
        return lines;
    }

    private void spill() throws IOException {
        buffer.sort(ORDER);
        Path run = newRun();
        try (DataOutputStream out = output(run)) {
            for (Entry entry : buffer) {
                write(out, entry);
            }
        }
        runs.add(run);
        buffer = new ArrayList<>();
        buffered = 0;
    }

    private Path newRun() throws IOException {
        if (tempDir == null) {
            tempDir = tempParent == null ? Files.createTempDirectory("healthscore-sort-")
                    : Files.createTempDirectory(Files.createDirectories(tempParent), ".sort-");
        }
        runsWritten++;
        return tempDir.resolve(String.format("run-%05d", runsWritten));
    }

    private static DataOutputStream output(Path run) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), BUFFER));
    }

    private static void write(DataOutputStream out, Entry entry) throws IOException {
        byte[] text = entry.text().getBytes(StandardCharsets.UTF_8);
        out.writeLong(entry.time());
        out.writeLong(entry.line());
        out.writeInt(text.length);
        out.write(text);
    }

    private static void merge(List<Path> group, Sink sink) throws IOException {
        List<RunReader> readers = new ArrayList<>();
        PriorityQueue<RunReader> queue = new PriorityQueue<>(Comparator.comparing(RunReader::head, ORDER));
        try {
            for (Path run : group) {
                RunReader reader = new RunReader(run);
                readers.add(reader);
                if (reader.advance()) {
                    queue.add(reader);
                }
            }
            while (!queue.isEmpty()) {
                RunReader next = queue.poll();
                sink.accept(next.head());
                if (next.advance()) {
                    queue.add(next);
                }
            }
        } finally {
            for (RunReader reader : readers) {
                reader.in.close();
            }
        }
    }

    /** One run being merged, positioned on its next line. */
    private static final class RunReader {
        private final DataInputStream in;
        private Entry head;

        RunReader(Path run) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), BUFFER));
        }

        boolean advance() throws IOException {
            long time;
            try {
                time = in.readLong();
            } catch (EOFException end) {
                head = null;
                return false;
            }
            long line = in.readLong();
            byte[] text = new byte[in.readInt()];
            in.readFully(text);
            head = new Entry(time, line, new String(text, StandardCharsets.UTF_8));
            return true;
        }

        Entry head() {
            return head;
        }
    }

    @Override
    public void close() throws IOException {
        buffer = new ArrayList<>();
        if (tempDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(tempDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        tempDir = null;
    }
}
