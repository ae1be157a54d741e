package io.healthscore.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthscore.ingest.support.RawHttp;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile and malformed corpus: every request gets its 4xx as problem+json naming the failing field, never
 * echoes the write key, and nothing reaches Kafka.
 */
@MicronautTest
class HostileRequestCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK_EVENT = "{\"type\":\"login\",\"accountId\":\"acct-1\"}";
    private static final String OK_TRACK = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"context\":{\"groupId\":\"g\"}}";

    @Inject
    EmbeddedServer server;
    @Inject
    MockProducer<byte[], byte[]> producer;

    RawHttp http;

    @BeforeEach
    void setUp() {
        producer.clear();
        http = new RawHttp(server.getURI());
    }

    record Case(String name, String method, String path, Map<String, String> headers, byte[] body, int status,
                String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        // Authentication
        c.add(raw("no credentials", "/v1/events", Map.of("Content-Type", "application/json"), OK_EVENT, 401, null));
        c.add(raw("wrong key", "/v1/events", headers(RawHttp.basic("not-the-key")), OK_EVENT, 401, null));
        c.add(raw("Basic with invalid base64", "/v1/events", headers("Basic %%%not-base64"), OK_EVENT, 401, null));
        c.add(raw("unknown auth scheme", "/v1/events", headers("Digest username=x"), OK_EVENT, 401, null));
        c.add(raw("empty Bearer token", "/v1/events", headers("Bearer "), OK_EVENT, 401, null));
        c.add(raw("key of 4 000 characters", "/v1/events", headers(RawHttp.basic("k".repeat(4_000))), OK_EVENT, 401, null));
        c.add(raw("Authorization header of 20 000 characters", "/v1/events", headers("Bearer " + "k".repeat(20_000)),
                OK_EVENT, 413, null));
        c.add(raw("unknown path", "/v1/purchases", RawHttp.jsonWithKey(), OK_EVENT, 404, null));
        c.add(raw("wrong writeKey in Segment body", "/v1/track", Map.of("Content-Type", "application/json"),
                OK_TRACK.replace("{", "{\"writeKey\":\"guess\","), 401, null));
        c.add(raw("writeKey as number", "/v1/track", Map.of("Content-Type", "application/json"),
                OK_TRACK.replace("{", "{\"writeKey\":12345,"), 401, null));
        c.add(raw("writeKey in native body is not accepted", "/v1/events", Map.of("Content-Type", "application/json"),
                "{\"writeKey\":\"test-write-key\",\"type\":\"login\",\"accountId\":\"a\"}", 401, null));
        c.add(raw("malformed JSON without credentials", "/v1/track", Map.of("Content-Type", "application/json"),
                "{\"writeKey\":", 401, null));
        // Content type
        c.add(raw("no content type", "/v1/events", Map.of("Authorization", RawHttp.basic(RawHttp.WRITE_KEY)), OK_EVENT, 415, "Content-Type"));
        c.add(raw("text/plain", "/v1/events", withType("text/plain"), OK_EVENT, 415, "Content-Type"));
        c.add(raw("application/xml", "/v1/track", withType("application/xml"), "<track/>", 415, "Content-Type"));
        c.add(raw("JSON in Latin-1", "/v1/events", withType("application/json; charset=ISO-8859-1"), OK_EVENT, 415, "Content-Type"));
        // Size
        c.add(bytes("10 MB body", "/v1/events", new byte[10 * 1024 * 1024], 413, "body"));
        c.add(json("Segment single call over 32 KB", "/v1/track",
                OK_TRACK.replace("\"E\"", "\"E\",\"properties\":{\"p\":\"" + "x".repeat(33_000) + "\"}"), 413, "body"));
        c.add(json("batch over 500 KB", "/v1/batch", batchOf(IntStream.range(0, 20)
                .mapToObj(i -> OK_TRACK.replace("\"E\"", "\"E\",\"properties\":{\"p\":\"" + "x".repeat(30_000) + "\"}"))
                .toList()), 413, "body"));
        c.add(json("batch of 2501 events", "/v1/batch", batchOf(java.util.Collections.nCopies(2501, "{}")), 413, "batch"));
        c.add(json("one batch event over 32 KB", "/v1/batch", batchOf(List.of(OK_TRACK,
                OK_TRACK.replace("\"E\"", "\"E\",\"properties\":{\"p\":\"" + "x".repeat(33_000) + "\"}"))), 413, "batch[1]"));
        c.add(json("native array of 1001 events", "/v1/events",
                "[" + String.join(",", java.util.Collections.nCopies(1001, OK_EVENT)) + "]", 413, "body"));
        c.add(json("native event over 32 KB", "/v1/events",
                "{\"type\":\"login\",\"accountId\":\"a\",\"properties\":{\"p\":\"" + "x".repeat(33_000) + "\"}}", 413, "body"));
        // Encoding and syntax
        c.add(bytes("invalid UTF-8", "/v1/events", concat("{\"type\":\"login\",\"accountId\":\"", new byte[]{(byte) 0xC3, 0x28}, "\"}"), 400, "body"));
        c.add(bytes("overlong UTF-8 slash", "/v1/events", concat("{\"type\":\"login\",\"accountId\":\"", new byte[]{(byte) 0xC0, (byte) 0xAF}, "\"}"), 400, "body"));
        c.add(bytes("raw NUL byte", "/v1/events", concat("{\"type\":\"login\",\"accountId\":\"a", new byte[]{0}, "\"}"), 400, "body"));
        c.add(json("escaped NUL in accountId", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\\u0000b\"}", 400, "accountId"));
        c.add(json("unpaired surrogate in feature", "/v1/events", "{\"type\":\"feature_used\",\"accountId\":\"a\",\"feature\":\"\\ud800\"}", 400, "feature"));
        c.add(json("control character in userId", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\",\"userId\":\"x\\u001by\"}", 400, "userId"));
        c.add(json("truncated JSON", "/v1/events", "{\"type\":\"login\",\"accountId\":", 400, "accountId"));
        c.add(json("empty body", "/v1/events", "", 400, "body"));
        c.add(json("trailing garbage", "/v1/events", OK_EVENT + " x", 400, "body"));
        c.add(json("two JSON values", "/v1/events", OK_EVENT + OK_EVENT, 400, "body"));
        c.add(json("duplicate key", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\",\"accountId\":\"b\"}", 400, "accountId"));
        c.add(json("nesting 10 000 deep", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\",\"properties\":{\"p\":"
                + "[".repeat(10_000) + "]".repeat(10_000) + "}}", 400, "properties.p[0][0][0][0][0][0][0][0][0][0][0][0][0][0]"));
        c.add(json("deep nesting in a Segment batch context", "/v1/batch", "{\"batch\":[{\"type\":\"track\",\"context\":"
                + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}]}", 400, "batch[0].context" + ".a".repeat(13)));
        c.add(json("a bare number", "/v1/events", "42", 400, "body"));
        c.add(json("JSON null", "/v1/events", "null", 400, "body"));
        c.add(json("single quotes", "/v1/events", "{'type':'login'}", 400, "body"));
        c.add(json("comments", "/v1/events", "/* hi */" + OK_EVENT, 400, "body"));
        c.add(json("200-digit number", "/v1/signals", "{\"type\":\"nps_answer\",\"accountId\":\"a\",\"npsScore\":"
                + "9".repeat(200) + "}", 400, "npsScore"));
        // Beyond the range of a double: parsed as infinity, which has no decimal value (found by IngestFuzzTest).
        c.add(json("NPS score 1e400", "/v1/signals", "{\"type\":\"nps_answer\",\"accountId\":\"a\",\"npsScore\":1e400}",
                400, "npsScore"));
        c.add(json("Segment group mrr -1e400", "/v1/group", "{\"userId\":\"u\",\"groupId\":\"g\",\"traits\":{\"mrr\":-1e400}}",
                400, "traits.mrr"));
        // Native events
        c.add(json("unknown event type", "/v1/events", "{\"type\":\"purchase\",\"accountId\":\"a\"}", 400, "type"));
        c.add(json("missing type", "/v1/events", "{\"accountId\":\"a\"}", 400, "type"));
        c.add(json("missing account", "/v1/events", "{\"type\":\"login\"}", 400, "accountId"));
        c.add(json("account as number", "/v1/events", "{\"type\":\"login\",\"accountId\":42}", 400, "accountId"));
        c.add(json("blank account", "/v1/events", "{\"type\":\"login\",\"accountId\":\"  \"}", 400, "accountId"));
        c.add(json("account of 300 characters", "/v1/events", "{\"type\":\"login\",\"accountId\":\"" + "a".repeat(300) + "\"}", 400, "accountId"));
        c.add(json("feature_used without feature", "/v1/events", "{\"type\":\"feature_used\",\"accountId\":\"a\"}", 400, "feature"));
        c.add(json("onboarding step missing", "/v1/events", "{\"type\":\"onboarding_step_completed\",\"accountId\":\"a\"}", 400, "onboardingStep"));
        c.add(json("occurredAt not ISO-8601", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\",\"occurredAt\":\"yesterday\"}", 400, "occurredAt"));
        c.add(json("occurredAt far in the future", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\",\"occurredAt\":\"2099-01-01T00:00:00Z\"}", 400, "occurredAt"));
        c.add(json("occurredAt far in the past", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\",\"occurredAt\":\"2001-01-01T00:00:00Z\"}", 400, "occurredAt"));
        c.add(json("occurredAt as epoch number", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\",\"occurredAt\":1700000000000}", 400, "occurredAt"));
        c.add(json("misspelt field", "/v1/events", "{\"type\":\"login\",\"acountId\":\"a\",\"accountId\":\"a\"}", 400, "acountId"));
        c.add(json("second event of an array invalid", "/v1/events", "[" + OK_EVENT + ",{\"type\":\"login\"}]", 400, "[1].accountId"));
        c.add(json("array element not an object", "/v1/events", "[" + OK_EVENT + ",\"login\"]", 400, "[1]"));
        c.add(json("empty array", "/v1/events", "[]", 400, "body"));
        c.add(json("properties not an object", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\",\"properties\":[1]}", 400, "properties"));
        c.add(json("101 properties", "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\",\"properties\":{" + String.join(",",
                IntStream.range(0, 101).mapToObj(i -> "\"p" + i + "\":" + i).toList()) + "}}", 400, "properties"));
        // Signals
        c.add(json("NPS score as string", "/v1/signals", "{\"type\":\"nps_answer\",\"accountId\":\"a\",\"npsScore\":\"9\"}", 400, "npsScore"));
        c.add(json("NPS score 11", "/v1/signals", "{\"type\":\"nps_answer\",\"accountId\":\"a\",\"npsScore\":11}", 400, "npsScore"));
        c.add(json("NPS score 7.5", "/v1/signals", "{\"type\":\"nps_answer\",\"accountId\":\"a\",\"npsScore\":7.5}", 400, "npsScore"));
        c.add(json("NPS answer without score", "/v1/signals", "{\"type\":\"nps_answer\",\"accountId\":\"a\"}", 400, "npsScore"));
        c.add(json("unknown ticket priority", "/v1/signals", "{\"type\":\"support_ticket_opened\",\"accountId\":\"a\",\"ticketId\":\"T\",\"ticketPriority\":\"critical\"}", 400, "ticketPriority"));
        c.add(json("ticket without id", "/v1/signals", "{\"type\":\"support_ticket_closed\",\"accountId\":\"a\"}", 400, "ticketId"));
        c.add(json("negative payment", "/v1/signals", "{\"type\":\"payment_failed\",\"accountId\":\"a\",\"amountMinor\":-1}", 400, "amountMinor"));
        c.add(json("unknown signal type", "/v1/signals", "{\"type\":\"churned\",\"accountId\":\"a\"}", 400, "type"));
        // Account profiles
        c.add(put("seats as string", "{\"seats\":\"40\"}", 400, "seats"));
        c.add(put("unknown coverage model", "{\"coverageModel\":\"VIP\"}", 400, "coverageModel"));
        c.add(put("renewal date not ISO", "{\"renewalDate\":\"31/03/2027\"}", 400, "renewalDate"));
        c.add(put("CSM owner not an e-mail", "{\"csmOwnerEmail\":\"nope\"}", 400, "csmOwnerEmail"));
        c.add(put("profile as array", "[]", 400, "body"));
        c.add(put("MRR of 1e30", "{\"mrrMinor\":1e30}", 400, "mrrMinor"));
        c.add(put("currency not ISO 4217", "{\"currency\":\"yen\"}", 400, "currency"));
        c.add(put("seats negative", "{\"seats\":-3}", 400, "seats"));
        // Segment
        c.add(json("batch missing", "/v1/batch", "{\"events\":[]}", 400, "batch"));
        c.add(json("batch not an array", "/v1/batch", "{\"batch\":{}}", 400, "batch"));
        c.add(json("unknown Segment call type", "/v1/batch", batchOf(List.of("{\"type\":\"purchase\",\"userId\":\"u\"}")), 400, "batch[0].type"));
        c.add(json("batch message without type", "/v1/batch", batchOf(List.of("{\"userId\":\"u\"}")), 400, "batch[0].type"));
        c.add(json("batch message not an object", "/v1/batch", batchOf(List.of("\"track\"")), 400, "batch[0]"));
        c.add(json("track without event", "/v1/track", "{\"userId\":\"u\",\"context\":{\"groupId\":\"g\"}}", 400, "event"));
        c.add(json("track without any user id", "/v1/track", "{\"event\":\"E\",\"context\":{\"groupId\":\"g\"}}", 400, "userId"));
        c.add(json("groupId as number", "/v1/batch", batchOf(List.of("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"context\":{\"groupId\":7}}")), 400, "batch[0].context.groupId"));
        c.add(json("blank groupId", "/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"context\":{\"groupId\":\"\"}}", 400, "context.groupId"));
        c.add(json("context as string", "/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"context\":\"g\"}", 400, "context"));
        c.add(json("group without groupId", "/v1/group", "{\"userId\":\"u\",\"traits\":{\"name\":\"n\"}}", 400, "groupId"));
        c.add(json("group seats as string", "/v1/group", "{\"userId\":\"u\",\"groupId\":\"g\",\"traits\":{\"seats\":\"25\"}}", 400, "traits.seats"));
        c.add(json("group traits as array", "/v1/group", "{\"userId\":\"u\",\"groupId\":\"g\",\"traits\":[]}", 400, "traits"));
        c.add(json("Segment timestamp in 2099", "/v1/track", OK_TRACK.replace("{", "{\"timestamp\":\"2099-01-01T00:00:00Z\","), 400, "timestamp"));
        c.add(json("Segment timestamp in 2001", "/v1/track", OK_TRACK.replace("{", "{\"timestamp\":\"2001-01-01T00:00:00Z\","), 400, "timestamp"));
        c.add(json("sentAt not a date", "/v1/track", OK_TRACK.replace("{", "{\"sentAt\":\"soon\","), 400, "sentAt"));
        c.add(json("timestamp and sentAt at the two ends of time", "/v1/track", OK_TRACK.replace("{",
                "{\"timestamp\":\"-999999999-01-01T00:00:00Z\",\"sentAt\":\"+999999999-12-31T23:59:59Z\","), 400, "timestamp"));
        c.add(json("one bad message spoils the batch", "/v1/batch", batchOf(List.of(OK_TRACK, OK_TRACK,
                "{\"type\":\"track\",\"userId\":\"u\",\"context\":{\"groupId\":\"g\"}}")), 400, "batch[2].event"));
        c.add(json("Segment body as array", "/v1/track", "[" + OK_TRACK + "]", 400, "body"));
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRejectedWithAProblemNamingTheFieldAndWritesNothing(Case c) throws Exception {
        HttpResponse<String> response = http.send(c.method(), c.path(), c.body(), c.headers());

        assertThat(response.statusCode()).as(c.name() + ": " + response.body()).isEqualTo(c.status());
        assertProblem(response, c.status(), c.field());
        assertThat(producer.history()).as("records written").isEmpty();
    }

    @Test
    void aTenMegabyteChunkedBodyIsRefusedWithoutBeingBufferedWhole() throws Exception {
        InputStream tenMegabytes = new InputStream() {
            private int left = 10 * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }
        };
        HttpRequest request = HttpRequest.newBuilder(server.getURI().resolve("/v1/batch"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", RawHttp.basic(RawHttp.WRITE_KEY))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> tenMegabytes))
                .build();

        HttpResponse<String> response = http.exchange(request);

        assertThat(response.statusCode()).isEqualTo(413);
        assertProblem(response, 413, "body");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aBodyThatIsNotTheGzipItsTransferEncodingDeclaresIsA400() throws Exception {
        // java.net.http will not send a hand-made Transfer-Encoding, so this one goes over a plain socket.
        String json = "{\"type\":\"login\",\"accountId\":\"a\"}";
        String request = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: " + RawHttp.basic(RawHttp.WRITE_KEY) + "\r\nTransfer-Encoding: gzip, chunked\r\n"
                + "Connection: close\r\n\r\n" + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";

        String response;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("application/problem+json").contains("\"field\":\"body\"");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void theCorpusHoldsAtLeastFiftyCases() {
        assertThat(corpus()).hasSizeGreaterThanOrEqualTo(50);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain(RawHttp.WRITE_KEY);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).startsWith("https://healthscore.io/problems/");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("errors").isArray()).isTrue();
        if (field != null) {
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
            assertThat(fields).as(response.body()).contains(field);
        }
        if (status == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic"));
        }
    }

    private static Case json(String name, String path, String body, int status, String field) {
        return raw(name, path, RawHttp.jsonWithKey(), body, status, field);
    }

    private static Case put(String name, String body, int status, String field) {
        return new Case(name, "PUT", "/v1/accounts/acct-1", RawHttp.jsonWithKey(),
                body.getBytes(StandardCharsets.UTF_8), status, field);
    }

    private static Case bytes(String name, String path, byte[] body, int status, String field) {
        return new Case(name, "POST", path, RawHttp.jsonWithKey(), body, status, field);
    }

    private static Case raw(String name, String path, Map<String, String> headers, String body, int status, String field) {
        return new Case(name, "POST", path, headers, body.getBytes(StandardCharsets.UTF_8), status, field);
    }

    private static Map<String, String> headers(String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", authorization);
        return headers;
    }

    private static Map<String, String> withType(String type) {
        Map<String, String> headers = RawHttp.jsonWithKey();
        headers.put("Content-Type", type);
        return headers;
    }

    private static String batchOf(List<String> messages) {
        return "{\"batch\":[" + String.join(",", messages) + "]}";
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
