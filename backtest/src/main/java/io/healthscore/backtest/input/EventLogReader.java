package io.healthscore.backtest.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a JSON-lines log, plain or gzip (recognised by its magic bytes, whatever the file is called), one object per
 * line. Blank lines are skipped; a line that is not a JSON object is handed to {@link Handler#unreadable} with its
 * 1-based line number, and reading goes on.
 */
public final class EventLogReader {

    /** Receives the records of a log in file order. */
    public interface Handler {
        void record(long line, JsonNode record);

        void unreadable(long line, String problem);
    }

    private static final int GZIP_MAGIC = 0x8b1f;
    private static final int BUFFER = 1 << 16;

    private final ObjectMapper json = new ObjectMapper();

    /** Receives the raw lines of a log in file order. */
    public interface LineHandler {
        void line(long line, String text) throws IOException;
    }

    /** Hands every line of {@code file}, unparsed, to {@code handler}; returns the number of lines read. */
    public static long lines(Path file, LineHandler handler) throws IOException {
        long line = 0;
        try (BufferedReader reader = open(file)) {
            String text;
            while ((text = reader.readLine()) != null) {
                handler.line(++line, text);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return line;
    }

    /** Parses one line (1-based {@code line}) and hands the record, or why it is unreadable, to {@code handler}. */
    public void parse(long line, String text, Handler handler) {
        JsonNode node = record(line, text, handler);
        if (node != null) {
            handler.record(line, node);
        }
    }

    /**
     * The record on a line; null for a blank line, and for one that is not a JSON object (told to {@code problems}
     * unless it is null).
     */
    public JsonNode record(long line, String text, Handler problems) {
        if (text.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            if (problems != null) {
                problems.unreadable(line, "not valid JSON: " + e.getOriginalMessage());
            }
            return null;
        }
        if (node == null || !node.isObject()) {
            if (problems != null) {
                problems.unreadable(line, "expected a JSON object per line");
            }
            return null;
        }
        return node;
    }

    /** A reader over the file's text, gunzipped when the file starts with the gzip magic bytes. */
    public static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        in.mark(2);
        int magic = in.read() | (in.read() << 8);
        in.reset();
        if (magic == GZIP_MAGIC) {
            in = new GZIPInputStream(in, BUFFER);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
    }
}
