package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's live channel, {@code /console/live}, against the service with its database and Kafka: a score read
 * from health-scores, an alert acknowledged, a note are announced to the open streams of the people whose scope
 * covers the account, within seconds, and to nobody else (a CSM never hears of another CSM's account, an operator
 * of none); a rolled-back write is never announced; the stream needs a signed-in session, never keeps it alive, and
 * ends with it; a session may hold only so many streams.
 */
@ExtendWith(LocalStackExtension.class)
class LiveConsoleIT {

    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static AlertServiceFixture service;
    private static String base;
    private static Sql sql;
    private final List<LiveStream> streams = new ArrayList<>();

    @BeforeAll
    static void start(LocalStack stack) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, Object> settings = new HashMap<>(ConsoleData.settings());
        settings.put("micronaut.server.port", port);
        settings.put("console.freshness-every", "1s");
        service = AlertServiceFixture.start(stack, "live_console_it", settings);
        base = "http://127.0.0.1:" + port;
        sql = new Sql(service.jdbcUrl);
        ConsoleData.seed(sql);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(LiveStream::close);
        streams.clear();
    }

    private LiveStream stream(String user) {
        ConsoleClient client = new ConsoleClient(base);
        assertThat(client.signIn(user, ConsoleData.PASSWORD).statusCode()).isEqualTo(303);
        return stream(client);
    }

    private LiveStream stream(ConsoleClient client) {
        LiveStream s = LiveStream.open(base, client);
        streams.add(s);
        assertThat(s.status()).isEqualTo(200);
        // The first freshness event says the stream is up (and subscribed) before anything is written.
        await().atMost(WITHIN).until(() -> s.events().stream().anyMatch(e -> e.name().equals("freshness")));
        return s;
    }

    @Test
    void aScoreIsAnnouncedToItsCsmAndHerLeadOnlyAndAnotherCsmHearsOfHisOwn() {
        LiveStream ana = stream("ana");
        LiveStream lee = stream("lee");
        LiveStream bo = stream("bo");
        LiveStream olga = stream("olga");

        service.send(service.topics.healthScores(), "acct-ana-1", Records.score("acct-ana-1", 41.5, Instant.now()));
        service.send(service.topics.healthScores(), "acct-bo-1", Records.score("acct-bo-1", 52.0, Instant.now()));

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(ana.changes()).contains("{\"kind\":\"score\",\"account\":\"acct-ana-1\"}");
            assertThat(lee.changes()).contains("{\"kind\":\"score\",\"account\":\"acct-ana-1\"}");
            assertThat(bo.changes()).contains("{\"kind\":\"score\",\"account\":\"acct-bo-1\"}");
        });
        // Both scores were stored and announced by now: what each stream did not get, it never will.
        assertThat(ana.changes()).noneMatch(c -> c.contains("acct-bo-1"));
        assertThat(lee.changes()).noneMatch(c -> c.contains("acct-bo-1"));
        assertThat(bo.changes()).noneMatch(c -> c.contains("acct-ana"));
        assertThat(olga.changes()).as("an operator's console shows no accounts").isEmpty();
        assertThat(ana.events()).allSatisfy(e -> assertThat(e.data()).doesNotContain(ConsoleData.BO, "52"));
    }

    /** An alert counts for the CSM its account's profile names, as the pages decide, not the one the alert names. */
    @Test
    void anAlertIsAnnouncedToTheProfilesOwnerNotToTheCsmTheAlertNames() {
        LiveStream ana = stream("ana");
        LiveStream bo = stream("bo");

        sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                + "model_version, raised_at, received_at, status) VALUES ('live-alert-bo', 'acct-bo-1', 'SCORE_DROP', "
                + "'SUSPECTED', 40, 'LV2', ARRAY['x'], ?, 'v1', now(), now(), 'OPEN')", ConsoleData.ANA);
        sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                + "model_version, raised_at, received_at, status) VALUES ('live-alert-none', 'acct-no-profile', "
                + "'SCORE_DROP', 'SUSPECTED', 40, 'LV2', ARRAY['x'], ?, 'v1', now(), now(), 'OPEN')", ConsoleData.ANA);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(bo.changes()).contains("{\"kind\":\"alert\",\"account\":\"acct-bo-1\"}");
            assertThat(ana.changes()).as("no profile: the alert's CSM")
                    .contains("{\"kind\":\"alert\",\"account\":\"acct-no-profile\"}");
        });
        assertThat(ana.changes()).noneMatch(c -> c.contains("acct-bo-1"));
        assertThat(bo.changes()).noneMatch(c -> c.contains("acct-no-profile"));
    }

    @Test
    void anAcknowledgementAndANoteAreAnnouncedAndARolledBackWriteIsNot() throws Exception {
        LiveStream ana = stream("ana");
        ConsoleClient api = new ConsoleClient(base);
        assertThat(api.postEmpty("/alerts/alert-ana-3/ack", "Authorization", "Bearer " + ConsoleData.ANA_TOKEN)
                .statusCode()).isEqualTo(200);
        await().atMost(WITHIN).until(() -> ana.changes().contains("{\"kind\":\"alert\",\"account\":\"acct-ana-2\"}"));

        try (Connection c = DriverManager.getConnection(service.jdbcUrl, "postgres", "")) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO health_scores (account_id, evaluated_at, "
                    + "score, level, reasons) VALUES ('acct-ana-2', ?, 10, 'LV1', ARRAY['x'])")) {
                s.setTimestamp(1, Timestamp.from(Instant.now()));
                s.executeUpdate();
            }
            c.rollback();
        }
        java.net.http.HttpResponse<String> note = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/accounts/acct-ana-2/notes"))
                        .header("Authorization", "Bearer " + ConsoleData.ANA_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"body\":\"Renewal call booked\"}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(note.statusCode()).as(note.body()).isEqualTo(201);
        await().atMost(WITHIN).until(() -> ana.changes().contains("{\"kind\":\"note\",\"account\":\"acct-ana-2\"}"));
        assertThat(ana.changes()).doesNotContain("{\"kind\":\"score\",\"account\":\"acct-ana-2\"}");
    }

    /** An account moved to another CSM is announced to both; an erased one to the owner it had. */
    @Test
    void anAccountMovedToAnotherCsmIsAnnouncedToBothAndAnErasedOneToItsOwner() {
        sql.update("INSERT INTO account_profiles (account_id, name, csm_owner, coverage_model, updated_at) "
                + "VALUES ('acct-moving', 'Moving KK', ?, 'HIGH_TOUCH', now())", ConsoleData.ANA);
        sql.update("INSERT INTO account_profiles (account_id, name, csm_owner, coverage_model, updated_at) "
                + "VALUES ('acct-erased', 'Erased Ltd', ?, 'HIGH_TOUCH', now())", ConsoleData.BO);
        sql.update("INSERT INTO alerts (alert_id, account_id, rule, severity, score, level, reasons, csm_owner, "
                + "model_version, raised_at, received_at, status) VALUES ('live-alert-erased', 'acct-erased', "
                + "'SCORE_DROP', 'SUSPECTED', 40, 'LV2', ARRAY['x'], ?, 'v1', now(), now(), 'OPEN')", ConsoleData.BO);
        LiveStream ana = stream("ana");
        LiveStream bo = stream("bo");
        LiveStream cy = stream("cy");

        // When Ana's account moves to Bo, and Bo's other account is erased (alerts first, then the profile)
        sql.update("UPDATE account_profiles SET csm_owner = ? WHERE account_id = 'acct-moving'", ConsoleData.BO);
        sql.update("DELETE FROM alerts WHERE account_id = 'acct-erased'");
        sql.update("DELETE FROM account_profiles WHERE account_id = 'acct-erased'");

        // Then both owners hear of the move, Bo of the erasure, and nobody else of either
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(ana.changes()).contains("{\"kind\":\"profile\",\"account\":\"acct-moving\"}");
            assertThat(bo.changes()).contains("{\"kind\":\"profile\",\"account\":\"acct-moving\"}",
                    "{\"kind\":\"alert\",\"account\":\"acct-erased\"}",
                    "{\"kind\":\"profile\",\"account\":\"acct-erased\"}");
        });
        assertThat(ana.changes()).noneMatch(c -> c.contains("acct-erased"));
        assertThat(cy.changes()).noneMatch(c -> c.contains("acct-moving") || c.contains("acct-erased"));
    }

    @Test
    void theStreamNeedsASessionNeverKeepsItAliveAndEndsWithIt() {
        assertThat(LiveStream.open(base, null).status()).isEqualTo(401);
        ConsoleClient forged = new ConsoleClient(base);
        forged.session = "x".repeat(43);
        assertThat(LiveStream.open(base, forged).status()).isEqualTo(401);

        ConsoleClient bo = new ConsoleClient(base);
        bo.signIn("bo", ConsoleData.PASSWORD);
        LiveStream live = stream(bo);
        String csrf = ConsoleClient.csrf(bo.get("/console/").body());
        assertThat(bo.post("/console/logout", ConsoleClient.form(Map.of("csrf", csrf))).statusCode()).isEqualTo(303);

        await().atMost(WITHIN).until(live::ended);
    }

    @Test
    void aSessionHoldsAtMostEightStreams() {
        ConsoleClient cy = new ConsoleClient(base);
        cy.signIn("cy", ConsoleData.PASSWORD);
        for (int i = 0; i < 8; i++) {
            stream(cy);
        }
        LiveStream ninth = LiveStream.open(base, cy);
        streams.add(ninth);
        assertThat(ninth.status()).isEqualTo(429);

        streams.getFirst().close();
        await().atMost(WITHIN).untilAsserted(() -> {
            LiveStream again = LiveStream.open(base, cy);
            streams.add(again);
            assertThat(again.status()).isEqualTo(200);
        });
    }
}
