package io.healthscore.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request metrics are tagged from closed sets: strangers sending made-up methods, paths and write keys cannot
 * make the meter registry (and so the heap and every scrape) grow with each request.
 */
@MicronautTest
class MetricCardinalityTest {

    @Inject
    EmbeddedServer server;
    @Inject
    MeterRegistry meters;

    @Test
    void madeUpMethodsPathsAndKeysAddNoMetersPerRequest() throws IOException {
        // Given every meter of an ordinary rejection exists
        for (int i = 0; i < 3; i++) {
            send("FOO", "/v1/nothing-" + i, "Basic eA==");
            send("POST", "/v1/events/" + i, "Bearer guess-" + i);
        }
        int before = meters.getMeters().size();

        // When 300 requests each bring a method, a path and a key never seen before
        for (int i = 0; i < 100; i++) {
            send("M" + Integer.toHexString(0x10000 + i), "/v1/unknown-" + i, "Bearer k-" + i);
            send("POST", "/v1/accounts-" + i + "/x", "Bearer other-" + i);
            send("POST", "/v1/events", "Bearer key-" + i);
        }

        // Then the registry holds (nearly) the same meters, the per-request HTTP ones included
        assertThat(meters.find("http.server.requests").meters()).isNotEmpty();
        assertThat(meters.getMeters().size() - before).as("meters added by 300 distinct requests").isLessThan(10);
    }

    private void send(String method, String path, String authorization) throws IOException {
        String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: " + authorization + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 4");
        }
    }
}
