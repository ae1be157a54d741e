package io.healthscore.ingest;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.ingest.support.Records;
import io.healthscore.ingest.support.Records.Written;
import io.healthscore.schemas.Topics;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class SegmentApiTest {

    static final Instant RECEIVED_AT = Instant.parse("2026-11-23T10:00:00Z");

    @Inject
    EmbeddedServer server;
    @Inject
    MockProducer<byte[], byte[]> producer;
    @Inject
    Topics topics;

    RawHttp http;

    @MockBean(Clock.class)
    Clock clock() {
        return Clock.fixed(RECEIVED_AT, ZoneOffset.UTC);
    }

    @BeforeEach
    void setUp() {
        producer.clear();
        http = new RawHttp(server.getURI());
    }

    @Test
    void trackBecomesAFeatureUseOfTheGroupWithSegmentsCorrectedEventTime() {
        // Given a client whose clock runs 10 minutes fast: it stamped the event at 10:09:00 and sent it at 10:09:30
        HttpResponse<String> response = http.post("/v1/track", """
                {"type": "track", "userId": "u-7", "anonymousId": "anon-7", "event": "Report Exported",
                 "messageId": "seg-1", "properties": {"format": "csv", "rows": 120},
                 "context": {"groupId": "acct-42", "ip": "203.0.113.9"},
                 "timestamp": "2026-11-23T10:09:00Z", "sentAt": "2026-11-23T10:09:30Z"}
                """);

        // Then the event time is receivedAt − (sentAt − timestamp) = 10:00:00 − 30 s
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"success\":true}");
        List<Written<UsageEvent>> written = Records.on(producer, topics.usageEvents());
        assertThat(written).hasSize(1);
        UsageEvent event = written.get(0).value();
        assertThat(written.get(0).key()).isEqualTo("acct-42");
        assertThat(event.getAccountId()).isEqualTo("acct-42");
        assertThat(event.getType()).isEqualTo(UsageEventType.FEATURE_USED);
        assertThat(event.getFeature()).isEqualTo("Report Exported");
        assertThat(event.getUserId()).isEqualTo("u-7");
        assertThat(event.getMessageId()).isEqualTo("seg-1");
        assertThat(event.getOccurredAt()).isEqualTo(Instant.parse("2026-11-23T09:59:30Z"));
        assertThat(event.getReceivedAt()).isEqualTo(RECEIVED_AT);
        assertThat(event.getSource()).isEqualTo("web");
        assertThat(event.getProperties()).containsAllEntriesOf(Map.of("format", "csv", "rows", "120",
                "segment.type", "track", "segment.event", "Report Exported", "segment.anonymousId", "anon-7"));
    }

    @Test
    void jsonThatSdksLabelTextPlainOrFormUrlencodedIsReadAsJsonOnTheSegmentEndpointsOnly() throws Exception {
        String track = "{\"type\": \"track\", \"userId\": \"u-1\", \"event\": \"Report Exported\", \"context\": {\"groupId\": \"acct-1\"}}";
        byte[] body = track.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
            gz.write(("{\"batch\": [" + track + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        // sendBeacon and CORS-simple requests from browsers
        assertThat(send("/v1/track", body, "text/plain;charset=UTF-8", null).statusCode()).isEqualTo(200);
        // RudderStack's Node SDK: a gzipped batch labelled as a form
        HttpResponse<String> rudder = send("/v1/batch", zipped.toByteArray(), "application/x-www-form-urlencoded", "gzip");
        assertThat(rudder.statusCode()).as(rudder.body()).isEqualTo(200);
        assertThat(Records.on(producer, topics.usageEvents())).hasSize(2);

        // A real form is not JSON: 400, naming the body; other types and charsets stay 415
        HttpResponse<String> form = send("/v1/track", "userId=u-1&event=x".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", null);
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(form.body()).contains("Malformed JSON");
        assertThat(send("/v1/track", body, "text/plain;charset=ISO-8859-1", null).statusCode()).isEqualTo(415);
        HttpResponse<String> html = send("/v1/track", body, "text/html", null);
        assertThat(html.statusCode()).isEqualTo(415);
        assertThat(html.body()).contains("text/plain and application/x-www-form-urlencoded are also read as JSON");
        // The native API keeps to application/json
        assertThat(send("/v1/events", "[{\"type\":\"login\",\"accountId\":\"a\"}]"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain", null).statusCode()).isEqualTo(415);
        assertThat(Records.on(producer, topics.usageEvents())).hasSize(2);
    }

    private HttpResponse<String> send(String path, byte[] body, String type, String encoding) {
        Map<String, String> headers = new java.util.LinkedHashMap<>(RawHttp.jsonWithKey());
        headers.put("Content-Type", type);
        if (encoding != null) {
            headers.put("Content-Encoding", encoding);
        }
        return http.send("POST", path, body, headers);
    }

    @Test
    void aConfiguredLoginEventBecomesALogin() {
        http.post("/v1/track", """
                {"userId": "u-1", "event": "Signed In", "context": {"groupId": "acct-1"},
                 "timestamp": "2026-11-23T09:00:00Z"}
                """);

        UsageEvent event = Records.on(producer, topics.usageEvents()).get(0).value();
        assertThat(event.getType()).isEqualTo(UsageEventType.LOGIN);
        assertThat(event.getFeature()).isNull();
        // Without sentAt the client's timestamp is taken as is.
        assertThat(event.getOccurredAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(event.getMessageId()).matches("[0-9a-f-]{36}");
    }

    @Test
    void pageBecomesAPageViewAtReceiptTimeWhenNoTimestampIsGiven() {
        HttpResponse<String> response = http.post("/v1/page", """
                {"anonymousId": "anon-1", "name": "Pricing", "properties": {"path": "/pricing"},
                 "context": {"groupId": "acct-3"}}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        UsageEvent event = Records.on(producer, topics.usageEvents()).get(0).value();
        assertThat(event.getType()).isEqualTo(UsageEventType.PAGE_VIEWED);
        assertThat(event.getUserId()).isNull();
        assertThat(event.getOccurredAt()).isEqualTo(RECEIVED_AT);
        assertThat(event.getProperties()).containsEntry("segment.name", "Pricing").containsEntry("path", "/pricing");
    }

    @Test
    void groupTraitsBecomeTheAccountProfile() {
        HttpResponse<String> response = http.post("/v1/group", """
                {"userId": "u-1", "groupId": "acct-5", "originalTimestamp": "2026-11-23T09:30:00Z",
                 "traits": {"name": "Initech", "plan": "growth", "mrr": 1499.5, "currency": "USD",
                            "segment": "mid-market", "coverageModel": "low_touch", "csmOwnerEmail": "csm@hs.example",
                            "email": "ops@initech.example", "contactLanguage": "en", "seats": 25,
                            "contractStart": "2026-01-01", "renewalDate": "2027-01-01", "industry": "Technology"}}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        List<Written<AccountProfile>> written = Records.on(producer, topics.accountProfiles());
        assertThat(written).hasSize(1);
        AccountProfile p = written.get(0).value();
        assertThat(written.get(0).key()).isEqualTo("acct-5");
        assertThat(p.getName()).isEqualTo("Initech");
        assertThat(p.getPlan()).isEqualTo("growth");
        assertThat(p.getMrrMinor()).isEqualTo(149_950L);
        assertThat(p.getCurrency()).isEqualTo("USD");
        assertThat(p.getSegment()).isEqualTo("mid-market");
        assertThat(p.getCoverageModel()).isEqualTo(CoverageModel.LOW_TOUCH);
        assertThat(p.getCsmOwnerEmail()).isEqualTo("csm@hs.example");
        assertThat(p.getContactEmail()).isEqualTo("ops@initech.example");
        assertThat(p.getContactLanguage()).isEqualTo("en");
        assertThat(p.getSeats()).isEqualTo(25);
        assertThat(p.getContractStart()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(p.getRenewalDate()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(p.getUpdatedAt()).isEqualTo(Instant.parse("2026-11-23T09:30:00Z"));
        assertThat(p.getSource()).isEqualTo("web");
    }

    @Test
    void identifyIsAcknowledgedButNotStored() {
        HttpResponse<String> response = http.post("/v1/identify", """
                {"userId": "u-1", "traits": {"email": "a@b.example"}, "context": {"groupId": "acct-1"}}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void screenIsAPageViewAndAliasIsAcknowledgedOnly() {
        HttpResponse<String> screen = http.post("/v1/screen", """
                {"userId": "u-1", "name": "Settings", "context": {"groupId": "acct-1"}}
                """);
        HttpResponse<String> alias = http.post("/v1/alias", """
                {"userId": "u-1", "previousId": "anon-1"}
                """);

        assertThat(screen.statusCode()).isEqualTo(200);
        assertThat(alias.statusCode()).isEqualTo(200);
        List<Written<UsageEvent>> written = Records.on(producer, topics.usageEvents());
        assertThat(written).hasSize(1);
        assertThat(written.get(0).value().getType()).isEqualTo(UsageEventType.PAGE_VIEWED);
        assertThat(written.get(0).value().getProperties()).containsEntry("segment.type", "screen");
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void theWriteKeyMayComeInTheBodyInsteadOfBasicAuth() {
        HttpResponse<String> response = http.send("POST", "/v1/track", """
                {"writeKey": "other-source-key", "userId": "u-1", "event": "Exported",
                 "context": {"groupId": "acct-1"}}
                """.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Records.on(producer, topics.usageEvents()).get(0).value().getSource()).isEqualTo("crm");
    }

    @Test
    void anUnattributedCallIsParkedWithoutItsWriteKeyAndWithoutTheBrowsersPersonalContext() {
        HttpResponse<String> response = http.send("POST", "/v1/track", """
                {"writeKey": "other-source-key", "userId": "u-1", "event": "Exported", "properties": {"rows": 3},
                 "context": {"ip": "203.0.113.9", "userAgent": "Mozilla/5.0", "traits": {"email": "u@example.com"},
                             "location": {"city": "Osaka"}, "library": {"name": "analytics.js", "version": "2.1"},
                             "locale": "ja-JP"}}
                """.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(200);
        ProducerRecord<byte[], byte[]> parked = producer.history().get(0);
        assertThat(parked.topic()).isEqualTo(topics.dlqOf(topics.usageEvents()).name());
        String json = new String(parked.value(), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("writeKey", "other-source-key", "203.0.113.9", "Mozilla", "u@example.com",
                "Osaka");
        assertThat(json).contains("\"event\":\"Exported\"", "\"rows\":3", "\"library\":{\"name\":\"analytics.js\"",
                "\"locale\":\"ja-JP\"");
    }

    @Test
    void aBatchUsesTheBatchSentAtForMessagesWithoutTheirOwn() {
        HttpResponse<String> response = http.post("/v1/batch", """
                {"batch": [
                   {"type": "track", "userId": "u-1", "event": "A", "context": {"groupId": "g"},
                    "timestamp": "2026-11-23T10:05:00Z"},
                   {"type": "screen", "userId": "u-1", "name": "Home", "context": {"groupId": "g"},
                    "timestamp": "2026-11-23T10:06:00Z", "sentAt": "2026-11-23T10:06:10Z"}],
                 "sentAt": "2026-11-23T10:07:00Z"}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        List<Written<UsageEvent>> written = Records.on(producer, topics.usageEvents());
        assertThat(written).extracting(w -> w.value().getOccurredAt()).containsExactly(
                Instant.parse("2026-11-23T09:58:00Z"), Instant.parse("2026-11-23T09:59:50Z"));
    }

    @Test
    void theBatchContextGroupIdAppliesToCallsWithoutTheirOwn() {
        HttpResponse<String> response = http.post("/v1/batch", """
                {"batch": [
                   {"type": "track", "userId": "u-1", "event": "A"},
                   {"type": "track", "userId": "u-1", "event": "B", "context": {"groupId": "own"}}],
                 "context": {"groupId": "from-batch"}}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Records.on(producer, topics.usageEvents())).extracting(Written::key)
                .containsExactly("from-batch", "own");
    }

    @Test
    void aTrackWithoutAccountIsParkedOnTheDeadLetterTopicWithItsOriginalJson() {
        HttpResponse<String> response = http.post("/v1/batch", """
                {"batch": [{"type": "track", "userId": "u-9", "event": "Song Played", "messageId": "m-9"}]}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Records.on(producer, topics.usageEvents())).isEmpty();
        List<ProducerRecord<byte[], byte[]>> parked = producer.history().stream()
                .filter(r -> r.topic().equals("usage-events-dlq")).toList();
        assertThat(parked).hasSize(1);
        ProducerRecord<byte[], byte[]> record = parked.get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("u-9");
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"track\",\"userId\":\"u-9\",\"event\":\"Song Played\",\"messageId\":\"m-9\"}");
        assertThat(header(record, "dlq.reason")).isEqualTo("missing-account-key: batch[0].context.groupId is absent");
        assertThat(header(record, "dlq.source.topic")).isEqualTo("usage-events");
        assertThat(header(record, "dlq.failed.at")).isEqualTo(RECEIVED_AT.toString());
        assertThat(header(record, "ingest.source")).isEqualTo("web");
        assertThat(header(record, "ingest.message.id")).isEqualTo("m-9");
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
