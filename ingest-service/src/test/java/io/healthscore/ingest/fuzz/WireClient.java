package io.healthscore.ingest.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a {@link FuzzCase} as raw bytes over a socket and reads one HTTP/1.1 response, so that the test controls
 * every byte (broken framing, bad header names, raw non-ASCII) that a normal client would refuse to send. Writing
 * happens on its own thread, so a server that answers before reading a huge body cannot block the test. A
 * connection is kept for the next case while the server keeps it open and the case framed its body correctly.
 */
final class WireClient implements AutoCloseable {

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final InetSocketAddress address;
    private final Duration timeout;
    private Socket kept;
    private String lastAnswer = "";
    private final List<String> unannouncedCloses = new ArrayList<>();

    WireClient(InetSocketAddress address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    /** What came back for one case. */
    record Outcome(Result result, int status, Map<String, List<String>> headers, byte[] body, long micros) {

        enum Result { ANSWERED, CLOSED, TIMED_OUT }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return result == Result.ANSWERED ? "HTTP " + status + " " + headers + " " + abbreviated(bodyText())
                    : result.name();
        }

        private static String abbreviated(String text) {
            return text.length() > 400 ? text.substring(0, 400) + "..." : text;
        }
    }

    Outcome send(FuzzCase c) throws IOException {
        boolean reusable = c.framing() != FuzzCase.Framing.AS_GIVEN && !c.halfClose() && !c.bareLineFeeds()
                && "HTTP/1.1".equals(c.version());
        boolean reusing = reusable && kept != null;
        Outcome outcome = send(c, reusing ? kept : open(), reusable);
        if (reusing && outcome.result() == Outcome.Result.CLOSED) {
            // The server closed the kept connection after its last answer without saying so
            // (no "Connection: close"), so this request never reached it: send it again on a new connection.
            unannouncedCloses.add(lastAnswer);
            outcome = send(c, open(), reusable);
        }
        lastAnswer = outcome.result() == Outcome.Result.ANSWERED ? outcome.status() + " to " + c.kind() : "";
        return outcome;
    }

    /** Answers after which the server closed a kept connection without "Connection: close", for the report. */
    List<String> unannouncedCloses() {
        return List.copyOf(unannouncedCloses);
    }

    private Outcome send(FuzzCase c, Socket socket, boolean reusable) throws IOException {
        kept = null;
        long started = System.nanoTime();
        byte[] request = c.toBytes();
        Thread writer = Thread.ofVirtual().start(() -> write(socket, request, c.halfClose()));
        Outcome outcome;
        try {
            outcome = read(socket, c.method(), started);
        } finally {
            if (writer.isAlive()) {
                // The server answered without reading everything (e.g. 413 on Content-Length): stop writing.
                closeQuietly(socket);
            }
            joinQuietly(writer);
        }
        boolean serverKeepsIt = outcome.result() == Outcome.Result.ANSWERED
                && !"close".equalsIgnoreCase(outcome.header("connection")) && !socket.isClosed();
        if (reusable && serverKeepsIt) {
            kept = socket;
        } else {
            closeQuietly(socket);
        }
        return outcome;
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        return socket;
    }

    private static void write(Socket socket, byte[] request, boolean halfClose) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            // The server closed or reset the connection while we wrote; what it answered is read anyway.
        }
    }

    private Outcome read(Socket socket, String method, long started) throws IOException {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (true) {
                String statusLine = line(in);
                if (statusLine == null) {
                    return new Outcome(Outcome.Result.CLOSED, 0, Map.of(), new byte[0], micros(started));
                }
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    throw new IOException("not an HTTP status line: " + statusLine);
                }
                int status = Integer.parseInt(parts[1]);
                Map<String, List<String>> headers = headers(in);
                if (status >= 100 && status < 200) {
                    continue; // 100 Continue: the real answer follows
                }
                byte[] body = body(in, headers, method, status);
                return new Outcome(Outcome.Result.ANSWERED, status, headers, body, micros(started));
            }
        } catch (SocketTimeoutException e) {
            return new Outcome(Outcome.Result.TIMED_OUT, 0, Map.of(), new byte[0], micros(started));
        } catch (IOException e) {
            if (e.getMessage() != null && (e.getMessage().contains("reset") || e.getMessage().contains("closed")
                    || e.getMessage().contains("Broken pipe"))) {
                return new Outcome(Outcome.Result.CLOSED, 0, Map.of(), new byte[0], micros(started));
            }
            throw e;
        }
    }

    private static Map<String, List<String>> headers(InputStream in) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static byte[] body(InputStream in, Map<String, List<String>> headers, String method, int status)
            throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return new byte[0];
        }
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                out.writeBytes(exactly(in, size));
                line(in);
            }
            headers(in); // trailers
            return out.toByteArray();
        }
        List<String> length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length.get(0));
            if (n > MAX_BODY_BYTES) {
                throw new IOException("response body of " + n + " bytes");
            }
            return exactly(in, n);
        }
        return in.readNBytes(MAX_BODY_BYTES);
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = line(in);
        if (line == null) {
            throw new IOException("connection closed inside a chunked response");
        }
        int semicolon = line.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
    }

    private static byte[] exactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new IOException("connection closed after " + bytes.length + " of " + n + " body bytes");
        }
        return bytes;
    }

    /** One CRLF-terminated line (ISO-8859-1), or null at end of stream before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = out.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            out.write(b);
            if (out.size() > MAX_HEAD_BYTES) {
                throw new IOException("response line longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    private static long micros(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to do: the connection is gone either way.
        }
    }

    @Override
    public void close() {
        if (kept != null) {
            closeQuietly(kept);
            kept = null;
        }
    }
}
