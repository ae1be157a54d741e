package io.healthscore.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A client of {@code /console/live} as a browser's EventSource is: it reads the server-sent events of one session
 * into {@link #events()} until the server ends the stream ({@link #ended()}) or it is closed.
 */
final class LiveStream implements AutoCloseable {

    record Event(String name, String data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final int status;
    private final Stream<String> lines;
    private final Thread reader;
    private volatile boolean ended;

    private LiveStream(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
        this.reader = Thread.ofVirtual().start(() -> {
            String name = "message";
            StringBuilder data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(name, data.toString()));
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                    }
                }
            } catch (RuntimeException e) {
                // closed by the test
            }
            ended = true;
        });
    }

    /** Opens the stream with the session cookie of {@code client} (none when its session is null). */
    static LiveStream open(String base, ConsoleClient client) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/console/live"))
                .header("Accept", "text/event-stream")
                // as browsers ask: a compressed stream would hold events back in the compressor
                .header("Accept-Encoding", "gzip, deflate, br");
        if (client != null && client.session != null) {
            b.header("Cookie", "hs_console=" + client.session);
        }
        try {
            return new LiveStream(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(b.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return status;
    }

    List<Event> events() {
        return new ArrayList<>(events);
    }

    /** The data of every {@code change} event so far. */
    List<String> changes() {
        return events.stream().filter(e -> e.name().equals("change")).map(Event::data).toList();
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
