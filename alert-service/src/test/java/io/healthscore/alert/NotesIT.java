package io.healthscore.alert;

import static io.healthscore.alert.ApiProblems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.SignalType;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Notes through the API: stored with the person as author, shown in the timeline, and each sent to account-signals
 * as a CSM touch-point in the Confluent wire format, from an outbox that keeps a signal the registry or broker refused
 * until it goes through. The service runs with {@code signals.auto-register=false}, so until the test registers the
 * AccountSignal schema every send fails and the outbox has to hold on.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotesIT {

    private static AlertServiceFixture service;
    private static Sql sql;
    private static String signalsTopic;

    @BeforeAll
    static void start(LocalStack stack) {
        Map<String, Object> settings = new HashMap<>(ConsoleData.settings());
        settings.put("api.tokens.bo.token", "bo-notes-token");
        settings.put("api.tokens.bo.roles", List.of("csm"));
        settings.put("api.tokens.bo.person", ConsoleData.BO);
        settings.put("signals.poll-interval", "200ms");
        settings.put("signals.initial-backoff", "300ms");
        settings.put("signals.max-backoff", "1s");
        settings.put("signals.auto-register", "false");
        service = AlertServiceFixture.start(stack, "notes_it", settings);
        sql = new Sql(service.jdbcUrl);
        ConsoleData.seed(sql);
        signalsTopic = service.topics.accountSignals().name();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void aTouchPointTheRegistryRefusesStaysInTheOutboxUntilItGoesThroughAndIsSentOnce() {
        Map<?, ?> note = post("/accounts/acct-ana-2/notes", ConsoleData.ANA_TOKEN, "{\"body\":\"QBR booked for 9 Dec\"}");
        String messageId = "console-note:" + note.get("noteId");

        // The subject has no schema yet (auto-register off): every round fails and the row stays, with the reason.
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.count("SELECT count(*) FROM signal_outbox "
                + "WHERE message_id = ? AND attempts >= 2", messageId) == 1);
        assertThat(sql.strings("SELECT last_error FROM signal_outbox WHERE message_id = ?", messageId).get(0))
                .isNotBlank();
        assertThat(signals(messageId)).isEmpty();

        // When the schema is registered (as a deployment would), the next attempt publishes it and empties the row.
        service.stack.registryClient().register(signalsTopic + "-value", AccountSignal.getClassSchema());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                sql.count("SELECT count(*) FROM signal_outbox WHERE message_id = ?", messageId) == 0);
        assertThat(signals(messageId)).hasSize(1);
    }

    @Test
    @Order(2)
    void aNoteIsStoredWithItsAuthorShownInTheTimelineAndSentAsATouchPointKeyedByAccount() throws Exception {
        HttpResponse<Map> created = service.http().toBlocking().exchange(json("/accounts/acct-ana-1/notes",
                ConsoleData.ANA_TOKEN, "{\"body\":\"Called the champion.\\r\\nThey want a training session \\u2014 "
                        + "研修を希望\"}"), Map.class);
        assertThat(created.code()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> note = created.body();
        String noteId = (String) note.get("noteId");
        String body = "Called the champion.\nThey want a training session — 研修を希望";
        assertThat(note).containsEntry("accountId", "acct-ana-1").containsEntry("author", ConsoleData.ANA)
                .containsEntry("body", body);

        // The row, with line breaks normalised and the person as author
        assertThat(sql.rows("SELECT account_id, author, body FROM account_notes WHERE note_id = ?", noteId))
                .containsExactly(Map.of("account_id", "acct-ana-1", "author", ConsoleData.ANA, "body", body));

        // The record on account-signals, in the Confluent wire format: magic byte 0, the registry's schema id, Avro
        ConsumerRecord<byte[], byte[]> record = await().atMost(Duration.ofSeconds(30))
                .until(() -> signals("console-note:" + noteId), r -> r.size() == 1).get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("acct-ana-1");
        ByteBuffer wire = ByteBuffer.wrap(record.value());
        assertThat(wire.get()).isZero();
        assertThat(wire.getInt()).isEqualTo(service.stack.registryClient().lookupId(signalsTopic + "-value",
                AccountSignal.getClassSchema()));
        AccountSignal signal = decode(record);
        assertThat(signal.getType()).isEqualTo(SignalType.CSM_TOUCHPOINT);
        assertThat(signal.getAccountId()).isEqualTo("acct-ana-1");
        assertThat(signal.getMessageId()).isEqualTo("console-note:" + noteId);
        assertThat(signal.getSource()).isEqualTo("console");
        assertThat(signal.getOccurredAt()).isEqualTo(Instant.parse((String) note.get("createdAt")));
        // The note's text and author stay in this service: other tools read account-signals, and erasure reaches here.
        assertThat(signal.getNote()).isNull();
        assertThat(signal.getUserId()).isNull();
        assertThat(sql.count("SELECT count(*) FROM signal_outbox WHERE message_id = ?", "console-note:" + noteId))
                .isZero();

        // And the timeline shows it, author first
        Map<?, ?> timeline = service.http().toBlocking().retrieve(HttpRequest.GET("/accounts/acct-ana-1/timeline")
                .bearerAuth(ConsoleData.ANA_TOKEN), Map.class);
        List<?> entries = (List<?>) timeline.get("entries");
        assertThat(entries).anySatisfy(e -> assertThat(cast(e)).containsEntry("kind", "note")
                .containsEntry("ref", noteId).containsEntry("summary", ConsoleData.ANA + ": " + body));
    }

    @Test
    @Order(3)
    void aNoteOnSomeoneElsesOrAnUnknownAccountIsRefusedAndLeavesNothing() {
        assertProblem(() -> post("/accounts/acct-bo-1/notes", ConsoleData.ANA_TOKEN, "{\"body\":\"not mine\"}"), 403, "id");
        assertProblem(() -> post("/accounts/acct-nobody/notes", ConsoleData.ANA_TOKEN, "{\"body\":\"who?\"}"), 404, "id");
        assertThat(post("/accounts/acct-bo-1/notes", "bo-notes-token", "{\"body\":\"mine\"}").get("author"))
                .isEqualTo(ConsoleData.BO);
        assertThat(sql.strings("SELECT author FROM account_notes WHERE account_id IN ('acct-bo-1', 'acct-nobody')"))
                .containsExactly(ConsoleData.BO);
        assertThat(sql.count("SELECT count(*) FROM signal_outbox WHERE account_id = 'acct-nobody'")).isZero();
    }

    @Test
    @Order(4)
    void malformedOversizeAndHostileNoteBodiesAre400AndStoreNothing() {
        long before = sql.count("SELECT count(*) FROM account_notes");
        String path = "/accounts/acct-ana-2/notes";
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{}"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"body\":\"  \\n \"}"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"body\":42}"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"body\":[\"a\"]}"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"body\":\"" + "n".repeat(2001) + "\"}"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"body\":\"a\\u0000b\"}"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"body\":\"a\\u001bb\"}"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"body\":\"lone \\ud800 surrogate\"}"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"body\":"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "not json"), 400, "body");
        assertProblem(() -> post(path, ConsoleData.ANA_TOKEN, "{\"body\":\"" + "y".repeat(20_000) + "\"}"), 400, "body");
        assertProblem(() -> post("/accounts/" + "x".repeat(300) + "/notes", ConsoleData.ANA_TOKEN, "{\"body\":\"x\"}"),
                400, "id");
        assertThat(sql.count("SELECT count(*) FROM account_notes")).isEqualTo(before);

        // 2,000 characters is the bound, counted as characters: 2,000 CJK characters (6,000 bytes) are taken.
        assertThat(post(path, ConsoleData.ANA_TOKEN, "{\"body\":\"" + "研".repeat(2000) + "\"}").get("body"))
                .isEqualTo("研".repeat(2000));
        // Without a token, or with a token lacking the csm role, the API refuses before reading the body.
        assertThat(catchThrowableOfType(HttpClientResponseException.class, () -> service.http().toBlocking()
                .exchange(HttpRequest.POST(path, "{\"body\":\"x\"}").contentType(MediaType.APPLICATION_JSON_TYPE)))
                .getStatus().getCode()).isEqualTo(401);
        assertProblem(() -> post(path, AlertServiceFixture.READONLY_TOKEN, "{\"body\":\"x\"}"), 403, null);
    }

    /** The records on account-signals with this message id, decoded with the project's own serde. */
    private static List<ConsumerRecord<byte[], byte[]>> signals(String messageId) {
        return TopicReader.readAll(service.stack.kafka().bootstrapServers(), signalsTopic).stream()
                .filter(r -> Optional.ofNullable(r.value()).map(v -> decode(r).getMessageId().equals(messageId))
                        .orElse(false))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object entry) {
        return (Map<String, Object>) entry;
    }

    private static AccountSignal decode(ConsumerRecord<byte[], byte[]> record) {
        return service.topics.accountSignals().valueSerde().deserializer().deserialize(signalsTopic, record.value());
    }

    private static Map<?, ?> post(String path, String token, String body) {
        return service.http().toBlocking().retrieve(json(path, token, body), Map.class);
    }

    private static HttpRequest<String> json(String path, String token, String body) {
        return HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(token);
    }
}
