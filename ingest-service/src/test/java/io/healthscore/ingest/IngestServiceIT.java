package io.healthscore.ingest;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.ingest.support.RunningService;
import io.healthscore.ingest.support.TopicReader;
import io.healthscore.schemas.TopicNames;
import io.healthscore.schemas.Topics;
import io.healthscore.schemas.registry.SchemaRegistryClient;
import io.healthscore.schemas.registry.SchemaRegistryConfig;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Accepted requests end up on the real topics, in the Confluent wire format, decodable through the registry. */
@ExtendWith(LocalStackExtension.class)
class IngestServiceIT {

    private static final Logger LOG = LoggerFactory.getLogger("io.healthscore.ingest.it");
    private static final Duration BOUND = Duration.ofSeconds(60);

    static RunningService service;
    static Topics topics;
    static SchemaRegistryClient registry;
    static String bootstrap;

    @BeforeAll
    static void start(LocalStack stack) {
        service = RunningService.on(stack, Map.of());
        bootstrap = stack.kafka().bootstrapServers();
        // A client of our own, so the records are decoded by schema id as any other consumer would.
        registry = SchemaRegistryClient.create(SchemaRegistryConfig.of(stack.registry().confluentUrl()));
        topics = Topics.create(TopicNames.defaults(), registry, false);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void nativeEventsAreOnUsageEventsWithKeyEventTimeAndMessageId() {
        String id = UUID.randomUUID().toString();
        Instant occurredAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

        HttpResponse<String> response = service.http().post("/v1/events", """
                {"type": "feature_used", "accountId": "acct-it-1", "userId": "u-1", "feature": "dashboards",
                 "occurredAt": "%s", "messageId": "%s"}
                """.formatted(occurredAt, id));

        assertThat(response.statusCode()).isEqualTo(200);
        ConsumerRecord<String, UsageEvent> record = TopicReader.readIds(bootstrap, topics.usageEvents(),
                UsageEvent::getMessageId, Set.of(id), BOUND).get(id);
        assertThat(record.key()).isEqualTo("acct-it-1");
        assertThat(record.value().getMessageId()).isEqualTo(id);
        assertThat(record.value().getOccurredAt()).isEqualTo(occurredAt);
        assertThat(record.value().getType()).isEqualTo(UsageEventType.FEATURE_USED);
        assertThat(record.value().getFeature()).isEqualTo("dashboards");
        assertThat(record.value().getSource()).isEqualTo("web");
        // Confluent wire format: magic byte 0 and a 4-byte schema id before the Avro body.
        assertThat(record.serializedValueSize()).isGreaterThan(5);
    }

    @Test
    void segmentCallsMapFieldByField() {
        String trackId = UUID.randomUUID().toString();
        String pageId = UUID.randomUUID().toString();
        String loginId = UUID.randomUUID().toString();
        // The sender's clock is off; sentAt − timestamp = 90 s is what counts.
        HttpResponse<String> response = service.http().post("/v1/batch", """
                {"batch": [
                  {"type": "track", "messageId": "%s", "userId": "u-2", "anonymousId": "anon-2",
                   "event": "Report Exported", "properties": {"format": "pdf"},
                   "context": {"groupId": "acct-it-2"},
                   "timestamp": "2030-01-01T00:00:00Z", "sentAt": "2030-01-01T00:01:30Z"},
                  {"type": "page", "messageId": "%s", "anonymousId": "anon-2", "name": "Billing",
                   "context": {"groupId": "acct-it-2"}},
                  {"type": "track", "messageId": "%s", "userId": "u-2", "event": "Logged In",
                   "context": {"groupId": "acct-it-2"}},
                  {"type": "identify", "userId": "u-2", "traits": {"email": "u2@example.com"}},
                  {"type": "group", "userId": "u-2", "groupId": "acct-it-2",
                   "traits": {"name": "Globex", "plan": "pro", "mrrMinor": 990000, "currency": "JPY",
                              "coverageModel": "high_touch", "seats": 12, "renewalDate": "2027-06-30"}}
                ]}
                """.formatted(trackId, pageId, loginId));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, ConsumerRecord<String, UsageEvent>> events = TopicReader.readIds(bootstrap, topics.usageEvents(),
                UsageEvent::getMessageId, Set.of(trackId, pageId, loginId), BOUND);
        UsageEvent track = events.get(trackId).value();
        assertThat(events.get(trackId).key()).isEqualTo("acct-it-2");
        assertThat(track.getAccountId()).isEqualTo("acct-it-2");
        assertThat(track.getType()).isEqualTo(UsageEventType.FEATURE_USED);
        assertThat(track.getFeature()).isEqualTo("Report Exported");
        assertThat(track.getUserId()).isEqualTo("u-2");
        assertThat(track.getOccurredAt()).isEqualTo(track.getReceivedAt().minusSeconds(90));
        assertThat(track.getProperties()).containsEntry("format", "pdf").containsEntry("segment.anonymousId", "anon-2");
        UsageEvent page = events.get(pageId).value();
        assertThat(page.getType()).isEqualTo(UsageEventType.PAGE_VIEWED);
        assertThat(page.getUserId()).isNull();
        assertThat(page.getOccurredAt()).isEqualTo(page.getReceivedAt());
        assertThat(page.getProperties()).containsEntry("segment.name", "Billing");
        assertThat(events.get(loginId).value().getType()).isEqualTo(UsageEventType.LOGIN);

        AccountProfile profile = TopicReader.readIds(bootstrap, topics.accountProfiles(),
                p -> p.getName() + "/" + p.getAccountId(), Set.of("Globex/acct-it-2"), BOUND)
                .get("Globex/acct-it-2").value();
        assertThat(profile.getPlan()).isEqualTo("pro");
        assertThat(profile.getMrrMinor()).isEqualTo(990_000L);
        assertThat(profile.getCurrency()).isEqualTo("JPY");
        assertThat(profile.getCoverageModel()).isEqualTo(CoverageModel.HIGH_TOUCH);
        assertThat(profile.getSeats()).isEqualTo(12);
        assertThat(profile.getRenewalDate()).isEqualTo(LocalDate.of(2027, 6, 30));
    }

    @Test
    void everyAcknowledgedEventOfARunOfRequestsIsOnTheTopic() {
        RawHttp http = service.http();
        Set<String> ids = new java.util.LinkedHashSet<>();
        long[] micros = new long[200];
        for (int i = 0; i < micros.length; i++) {
            String id = UUID.randomUUID().toString();
            long started = System.nanoTime();
            HttpResponse<String> response = http.post("/v1/events",
                    "{\"type\":\"login\",\"accountId\":\"acct-run-" + (i % 7) + "\",\"messageId\":\"" + id + "\"}");
            micros[i] = (System.nanoTime() - started) / 1_000;
            assertThat(response.statusCode()).isEqualTo(200);
            ids.add(id);
        }
        java.util.Arrays.sort(micros);
        LOG.info("{} sequential single-event requests: p50 {} ms, p99 {} ms (HTTP round trip incl. acks=all)",
                micros.length, micros[micros.length / 2] / 1000.0, micros[micros.length * 99 / 100] / 1000.0);

        assertThat(TopicReader.readIds(bootstrap, topics.usageEvents(), UsageEvent::getMessageId, ids, BOUND))
                .hasSize(ids.size());
    }

    @Test
    void accountsAndSignalsReachTheirTopics() {
        String signalId = UUID.randomUUID().toString();
        String account = "acct-it-" + UUID.randomUUID();
        RawHttp http = service.http();

        assertThat(http.put("/v1/accounts/" + account, """
                {"name": "Umbrella", "coverageModel": "TECH_TOUCH", "contactEmail": "ops@umbrella.example",
                 "contactLanguage": "ja", "seats": 3}
                """).statusCode()).isEqualTo(200);
        assertThat(http.post("/v1/signals", """
                {"type": "support_ticket_opened", "accountId": "%s", "ticketId": "T-9", "ticketPriority": "urgent",
                 "messageId": "%s"}
                """.formatted(account, signalId)).statusCode()).isEqualTo(200);

        AccountProfile profile = TopicReader.readIds(bootstrap, topics.accountProfiles(), AccountProfile::getAccountId,
                Set.of(account), BOUND).get(account).value();
        assertThat(profile.getName()).isEqualTo("Umbrella");
        assertThat(profile.getContactLanguage()).isEqualTo("ja");
        AccountSignal signal = TopicReader.readIds(bootstrap, topics.accountSignals(), AccountSignal::getMessageId,
                Set.of(signalId), BOUND).get(signalId).value();
        assertThat(signal.getType()).isEqualTo(SignalType.SUPPORT_TICKET_OPENED);
        assertThat(signal.getAccountId()).isEqualTo(account);
    }
}
