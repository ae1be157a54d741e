package io.healthscore.scoring.app;

import io.healthscore.schemas.TopicNames;
import io.healthscore.scoring.ClockMode;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import io.healthscore.scoring.query.ApiToken;
import io.healthscore.scoring.query.PeerToken;
import io.healthscore.scoring.state.StateLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The application's configuration, read from flat keys (a properties file, then system properties):
 * <ul>
 *   <li>{@code kafka.bootstrap.servers} (default 127.0.0.1:9092) and any other {@code kafka.*} Streams setting</li>
 *   <li>{@code schema.registry.url} (default http://127.0.0.1:8081/apis/ccompat/v7)</li>
 *   <li>{@code topics.*} as in {@link TopicNames#fromProperties(Map)}</li>
 *   <li>{@code scoring.application-id} (healthscore-scoring), {@code scoring.model-file} (the bundled
 *       scoring-model.yml), {@code scoring.clock} (WALL_CLOCK or STREAM_TIME), {@code scoring.evaluation-interval}
 *       (PT1M), {@code scoring.evaluation-slice-size} (500), {@code scoring.late-grace} (P28D),
 *       {@code scoring.max-future-skew} (PT5M), {@code scoring.dedup-retention} (PT48H)</li>
 *   <li>{@code scoring.http.host} (127.0.0.1) and {@code scoring.http.port} (8091, or {@code none}) for the
 *       queries; the pair is also this instance's {@code application.server}</li>
 *   <li>{@code scoring.http.token} (none): the bearer token every query but {@code /health} needs; without one
 *       every query is refused. {@link ScoringApplication} also takes it from the environment variable
 *       {@code SCORING_HTTP_TOKEN}, which keeps it out of command lines and {@code JAVA_TOOL_OPTIONS}</li>
 *   <li>{@code scoring.http.peer-token} (none): the credential instances forward queries to each other with (the
 *       same on every instance, and not the query token: start-up fails when they are equal); without one an
 *       instance answers only for the accounts it holds. Also from the environment variable
 *       {@code SCORING_HTTP_PEER_TOKEN}</li>
 * </ul>
 * A bad value fails start-up with a message naming its key. {@link #toString()} shows no secret.
 */
public record ScoringSettings(String applicationId, String bootstrapServers, String registryUrl, TopicNames topicNames,
                              ScoringConfig scoring, String httpHost, OptionalInt httpPort, ApiToken httpToken,
                              PeerToken peerToken, Map<String, String> raw) {

    /** The key of the query API's bearer token. */
    public static final String HTTP_TOKEN_KEY = "scoring.http.token";

    /** The key of the token instances forward queries to each other with. */
    public static final String PEER_TOKEN_KEY = "scoring.http.peer-token";

    public static ScoringSettings from(Map<String, String> config) {
        String modelFile = config.get("scoring.model-file");
        ScoringModel model = modelFile == null || modelFile.isBlank()
                ? ScoringModelLoader.loadResource("scoring-model.yml") : ScoringModelLoader.load(Path.of(modelFile));
        ScoringConfig defaults = ScoringConfig.defaults(model);
        ClockMode clock;
        String clockText = config.getOrDefault("scoring.clock", defaults.clock().name());
        try {
            clock = ClockMode.valueOf(clockText.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scoring.clock must be WALL_CLOCK or STREAM_TIME, got '" + clockText + "'");
        }
        ScoringConfig scoring;
        try {
            scoring = new ScoringConfig(model, clock,
                    duration(config, "scoring.evaluation-interval", defaults.evaluationInterval()),
                    integer(config, "scoring.evaluation-slice-size", defaults.evaluationSliceSize()),
                    duration(config, "scoring.late-grace", defaults.lateGrace()),
                    duration(config, "scoring.max-future-skew", defaults.maxFutureSkew()),
                    duration(config, "scoring.dedup-retention", defaults.dedupRetention()),
                    StateLimits.defaults(), defaults.maxReasons());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid scoring.* setting: " + e.getMessage(), e);
        }
        ApiToken httpToken = ApiToken.of(config.get("scoring.http.token"));
        PeerToken peerToken = PeerToken.of(config.get("scoring.http.peer-token"));
        if (peerToken.sameAs(httpToken)) {
            throw new IllegalArgumentException("scoring.http.peer-token must differ from scoring.http.token: with the "
                    + "same value every caller could ask on the forwarding paths as an instance");
        }
        return new ScoringSettings(config.getOrDefault("scoring.application-id", "healthscore-scoring"),
                config.getOrDefault("kafka.bootstrap.servers", "127.0.0.1:9092"),
                config.getOrDefault("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7"),
                TopicNames.fromProperties(config), scoring, config.getOrDefault("scoring.http.host", "127.0.0.1"),
                httpPort(config.getOrDefault("scoring.http.port", "8091")), httpToken, peerToken, Map.copyOf(config));
    }

    /** Without {@link #raw()}, which may hold credentials (the token, the registry's basic.auth.user.info). */
    @Override
    public String toString() {
        return "ScoringSettings[applicationId=" + applicationId + ", bootstrapServers=" + bootstrapServers
                + ", topicNames=" + topicNames + ", httpHost=" + httpHost + ", httpPort=" + httpPort
                + ", httpToken=" + httpToken + ", peerToken=" + peerToken + "]";
    }

    private static OptionalInt httpPort(String text) {
        if (text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return OptionalInt.empty();
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scoring.http.port must be a port 1..65535 or 'none', got '" + text + "'");
        }
    }

    private static Duration duration(Map<String, String> config, String key, Duration fallback) {
        String text = config.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT1M, got '" + text + "'");
        }
    }

    private static int integer(Map<String, String> config, String key, int fallback) {
        String text = config.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + text + "'");
        }
    }
}
