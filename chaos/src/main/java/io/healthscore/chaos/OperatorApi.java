package io.healthscore.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The alert service's operator API as an operator uses it after an outage: replaying dead deliveries. */
final class OperatorApi {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final URI base;
    private final String token;

    OperatorApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** {@code POST /deliveries/{id}/replay}; true when the row was queued again. */
    boolean replay(long deliveryId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/deliveries/" + deliveryId + "/replay"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }
}
