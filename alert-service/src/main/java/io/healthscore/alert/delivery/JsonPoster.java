package io.healthscore.alert.delivery;

import io.healthscore.alert.config.DeliveryConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * POSTs JSON with extra headers and classifies the answer: 2xx accepted; 408, 429 and 5xx (and network
 * errors) retried; other statuses refused for good. Error messages name the target, never its URL, which for
 * Slack is itself a secret.
 */
@Singleton
public final class JsonPoster {

    private final HttpClient client;
    private final DeliveryConfig config;

    public JsonPoster(DeliveryConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().connectTimeout(config.sendTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void post(String targetName, String url, String body, Map<String, String> headers) throws DeliveryException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(config.sendTimeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new DeliveryException("target '" + targetName + "' has an invalid URL", true);
        }
        headers.forEach(request::header);
        HttpResponse<Void> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryException("target '" + targetName + "' unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace(url, "<url>")), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to '" + targetName + "'", false);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        boolean retriable = status == 408 || status == 429 || status >= 500;
        throw new DeliveryException("target '" + targetName + "' answered HTTP " + status, !retriable);
    }
}
