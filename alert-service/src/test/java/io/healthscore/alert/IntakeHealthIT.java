package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.Direction;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.LevelTransition;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What /health tells whom, and that an intake thread killed by a {@link java.lang.Error} makes the service
 * not-ready, with the reason, instead of leaving a dead thread behind a green check. Anonymous callers (probes)
 * get the status only; an operator token also gets the details.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntakeHealthIT {

    private static final String FATAL_ACCOUNT = "acct-out-of-memory";

    private static AlertServiceFixture service;
    private static Sql sql;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static JsonMapper JSON;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "health_it", Map.of("test.fatal-account", FATAL_ACCOUNT));
        sql = new Sql(service.jdbcUrl);
        JSON = service.context().getBean(JsonMapper.class);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void anonymousHealthShowsTheStatusButNeitherTheDatabaseUrlNorItsVersion() {
        // When a probe asks without a token
        HttpResponse<String> health = get("/health", null);

        // Then it learns the status and nothing about the database
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(statusOnly(health)).isEqualTo("UP");
        assertThat(health.body()).doesNotContain("jdbc", "postgres", "PostgreSQL", "127.0.0.1", service.jdbcUrl);
        assertThat(statusOnly(get("/health/readiness", null))).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void anOperatorTokenSeesTheDetails() {
        HttpResponse<String> health = get("/health", AlertServiceFixture.OPS_TOKEN);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("kafka-intake", "jdbc");
        // A CSM token is no operator's: status only
        assertThat(statusOnly(get("/health", AlertServiceFixture.CSM_TOKEN))).isEqualTo("UP");
    }

    @Test
    @Order(3)
    void anErrorInAnIntakeThreadMakesTheServiceNotReadyWithTheReason() {
        // Given the intake stores transitions
        service.send(service.topics.levelTransitions(), "acct-fine", transition("acct-fine"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sql.count("SELECT count(*) FROM level_transitions WHERE account_id = 'acct-fine'") == 1);

        // When its handler throws an OutOfMemoryError
        service.send(service.topics.levelTransitions(), FATAL_ACCOUNT, transition(FATAL_ACCOUNT));

        // Then readiness goes DOWN for everyone, with the lane and the error for the operator
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/health/readiness", null).statusCode() == 503);
        HttpResponse<String> anonymous = get("/health/readiness", null);
        assertThat(statusOnly(anonymous)).isEqualTo("DOWN");
        HttpResponse<String> operator = get("/health/readiness", AlertServiceFixture.OPS_TOKEN);
        assertThat(operator.statusCode()).isEqualTo(503);
        assertThat(operator.body()).contains("kafka-intake", "\"alerts\"", "java.lang.OutOfMemoryError",
                "Java heap space");
        assertThat(get("/health", null).statusCode()).isEqualTo(503);
        // And liveness is not touched: the process is fine, only the intake is not
        assertThat(get("/health/liveness", null).statusCode()).isEqualTo(200);
    }

    /** The status of a health body that carries nothing else (null name and details are written, as every null). */
    private static String statusOnly(HttpResponse<String> response) {
        Map<String, Object> body;
        try {
            body = JSON.readValue(response.body(), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException(response.body(), e);
        }
        assertThat(body).as(response.body()).containsOnlyKeys("name", "status", "details");
        assertThat(body.get("name")).isNull();
        assertThat(body.get("details")).isNull();
        return (String) body.get("status");
    }

    private static LevelTransition transition(String account) {
        return LevelTransition.newBuilder().setAccountId(account).setFromLevel(HealthLevel.LV3)
                .setToLevel(HealthLevel.LV2).setDirection(Direction.DOWN).setScore(55.0).setReasons(List.of("fell"))
                .setModelVersion("v1").setTransitionedAt(Records.T0).build();
    }

    private static HttpResponse<String> get(String path, String token) {
        EmbeddedServer server = service.context().getBean(EmbeddedServer.class);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
