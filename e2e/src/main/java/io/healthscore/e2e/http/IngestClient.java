package io.healthscore.e2e.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.e2e.process.WriteKeys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The product's side of the ingest HTTP API: native events, signals and account profiles with a bearer write
 * key, Segment-compatible calls with HTTP Basic (the key as user name), as the ingest README documents. A
 * non-2xx answer is an {@link IngestRejectedException} carrying the problem body.
 */
public final class IngestClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final WriteKeys keys;

    public IngestClient(URI base, WriteKeys keys) {
        this.base = base;
        this.keys = keys;
    }

    /** POST /v1/events with the product key: one event object or an array of them. */
    public void events(Object body) {
        send("POST", "/v1/events", body, "Bearer " + keys.product());
    }

    /** POST /v1/signals with the CRM key: one signal object or an array of them. */
    public void signals(Object body) {
        send("POST", "/v1/signals", body, "Bearer " + keys.crm());
    }

    /** PUT /v1/accounts/{id} with the CRM key. */
    public void account(String accountId, Map<String, ?> profile) {
        send("PUT", "/v1/accounts/" + accountId, profile, "Bearer " + keys.crm());
    }

    /**
     * A Segment call, e.g. {@code segment("batch", Map.of("batch", calls))}: {@code group} calls, which carry the
     * account's routing traits, with the CRM key (a CRM sync speaking Segment's API), the others with the product's.
     */
    public void segment(String call, Object body) {
        String key = call.equals("group") ? keys.crm() : keys.product();
        String basic = Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        send("POST", "/v1/" + call, body, "Basic " + basic);
    }

    private void send(String method, String path, Object body, String authorization) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Authorization", authorization)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IngestRejectedException(method + " " + path, response.statusCode(), response.body());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode the body of " + path, e);
        } catch (IOException e) {
            throw new IngestRejectedException(method + " " + path, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestRejectedException(method + " " + path, -1, "interrupted");
        }
    }
}
