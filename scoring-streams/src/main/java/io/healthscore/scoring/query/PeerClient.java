package io.healthscore.scoring.query;

import io.healthscore.scoring.app.ScoringHttpProperties;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another instance of this application on its forwarding paths, with this instance's peer token
 * ({@code scoring.http.peer-token}), never with a caller's: the caller's token was checked here already, and an
 * instance named by Streams metadata is not one to hand a caller's credential to. Level counts come back as a
 * {@link LevelsView}; an account's health as the owner's own answer, passed through unchanged.
 */
@Singleton
public final class PeerClient {

    /** Another instance's answer: status, body and content type as it sent them. */
    public record Answer(int status, String body, String contentType) {
    }

    /** Another instance could not be asked, or refused; {@code status} is what to answer the caller with. */
    public static final class PeerException extends Exception {

        private static final long serialVersionUID = 1L;
        private final int status;

        PeerException(int status, String detail) {
            super(detail);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json;
    private final String authorization;

    public PeerClient(JsonMapper json, ScoringHttpProperties http) {
        this.json = json;
        this.authorization = http.hasPeerToken() ? "Bearer " + http.peerToken().strip() : null;
    }

    public boolean configured() {
        return authorization != null;
    }

    /** The owner's answer for one account. */
    public Answer account(HostInfo owner, String accountId) throws PeerException, InterruptedException {
        HttpResponse<String> response = get(owner, QueryPaths.INTERNAL + "/accounts/"
                + URLEncoder.encode(accountId, StandardCharsets.UTF_8).replace("+", "%20") + "/health");
        return new Answer(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse("application/json"));
    }

    /** Another instance's own level counts (it asks nobody else). */
    public LevelsView levels(HostInfo instance, String segment, String csm) throws PeerException, InterruptedException {
        StringBuilder path = new StringBuilder(QueryPaths.INTERNAL + "/levels");
        char separator = '?';
        if (segment != null) {
            path.append(separator).append("segment=").append(URLEncoder.encode(segment, StandardCharsets.UTF_8));
            separator = '&';
        }
        if (csm != null) {
            path.append(separator).append("csm=").append(URLEncoder.encode(csm, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = get(instance, path.toString());
        if (response.statusCode() != 200) {
            throw new PeerException(503, "instance " + instance + " did not answer (" + response.statusCode()
                    + "); retry shortly");
        }
        try {
            LevelsView view = json.readValue(response.body(), LevelsView.class);
            if (view == null || view.levels() == null) {
                throw new IOException("no levels in the answer");
            }
            return view;
        } catch (IOException e) {
            throw new PeerException(502, "instance " + instance + " answered level counts that cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    private HttpResponse<String> get(HostInfo host, String pathAndQuery) throws PeerException, InterruptedException {
        if (authorization == null) {
            throw new PeerException(503, "instance " + host + " holds this answer, and this instance has no "
                    + "scoring.http.peer-token to ask it with");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + pathAndQuery))
                .header("Authorization", authorization).timeout(TIMEOUT).GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PeerException(503, "instance " + host + " did not answer; retry shortly");
        }
        if (response.statusCode() == 401) {
            LOG.warn("Instance {} refused this instance's peer token; scoring.http.peer-token must be the same on "
                    + "every instance", host);
            throw new PeerException(502, "instance " + host + " refused this instance's peer token");
        }
        return response;
    }
}
