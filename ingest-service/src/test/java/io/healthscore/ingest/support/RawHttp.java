package io.healthscore.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test client that sends exactly the bytes and headers given (java.net.http), so tests can post invalid UTF-8,
 * wrong content types and huge bodies, and read any status without exceptions.
 */
public final class RawHttp {

    public static final String WRITE_KEY = "test-write-key";
    public static final String OTHER_KEY = "other-source-key";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    public RawHttp(URI base) {
        this.base = base;
    }

    public static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** A POST with Basic auth of the test key and Content-Type application/json. */
    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8), jsonWithKey());
    }

    public HttpResponse<String> put(String path, String json) {
        return send("PUT", path, json.getBytes(StandardCharsets.UTF_8), jsonWithKey());
    }

    public HttpResponse<String> get(String path) {
        return exchange(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public static Map<String, String> jsonWithKey() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", basic(WRITE_KEY));
        return headers;
    }

    public HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return exchange(request.build());
    }

    public HttpResponse<String> exchange(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
