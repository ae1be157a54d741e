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

    /** Reads every line of {@code file}; returns the number of lines read. */
    public long read(Path file, Handler handler) throws IOException {
        long line = 0;
        try (BufferedReader reader = open(file)) {
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = json.readTree(text);
                } catch (JsonProcessingException e) {
                    handler.unreadable(line, "not valid JSON: " + e.getOriginalMessage());
                    continue;
                }
                if (node == null || !node.isObject()) {
                    handler.unreadable(line, "expected a JSON object per line");
                    continue;
                }
                handler.record(line, node);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return line;
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
