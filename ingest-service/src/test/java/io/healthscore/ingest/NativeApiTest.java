package io.healthscore.ingest;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.SignalType;
import io.healthscore.avro.TicketPriority;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.ingest.support.Records;
import io.healthscore.ingest.support.Records.Written;
import io.healthscore.schemas.Topics;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class NativeApiTest {

    @Inject
    EmbeddedServer server;
    @Inject
    MockProducer<byte[], byte[]> producer;
    @Inject
    Topics topics;

    RawHttp http;

    @BeforeEach
    void setUp() {
        producer.clear();
        http = new RawHttp(server.getURI());
    }

    @Test
    void aSingleFeatureEventIsWrittenToUsageEventsKeyedByAccount() {
        Instant occurredAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

        HttpResponse<String> response = http.post("/v1/events", """
                {"type": "feature_used", "accountId": "acct-1", "userId": "u-1", "feature": "reports",
                 "occurredAt": "%s", "messageId": "m-1", "properties": {"plan": "pro", "count": 3, "beta": true}}
                """.formatted(occurredAt));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\":1").contains("\"m-1\"");
        List<Written<UsageEvent>> written = Records.on(producer, topics.usageEvents());
        assertThat(written).hasSize(1);
        UsageEvent event = written.get(0).value();
        assertThat(written.get(0).key()).isEqualTo("acct-1");
        assertThat(event.getMessageId()).isEqualTo("m-1");
        assertThat(event.getAccountId()).isEqualTo("acct-1");
        assertThat(event.getUserId()).isEqualTo("u-1");
        assertThat(event.getType()).isEqualTo(UsageEventType.FEATURE_USED);
        assertThat(event.getFeature()).isEqualTo("reports");
        assertThat(event.getOccurredAt()).isEqualTo(occurredAt);
        assertThat(event.getReceivedAt()).isAfterOrEqualTo(occurredAt);
        assertThat(event.getSource()).isEqualTo("web");
        assertThat(event.getProperties()).containsExactlyInAnyOrderEntriesOf(
                Map.of("plan", "pro", "count", "3", "beta", "true"));
    }

    @Test
    void anArrayOfEventsIsWrittenWholeWithGeneratedMessageIdsAndReceiptTimeAsDefault() {
        HttpResponse<String> response = http.post("/v1/events", """
                [{"type": "login", "accountId": "acct-1", "userId": "u-1"},
                 {"type": "logout", "accountId": "acct-1"},
                 {"type": "onboarding_step_completed", "accountId": "acct-2", "onboardingStep": "invite-team"},
                 {"type": "page_viewed", "accountId": "acct-2"}]
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        List<Written<UsageEvent>> written = Records.on(producer, topics.usageEvents());
        assertThat(written).extracting(w -> w.value().getType()).containsExactly(UsageEventType.LOGIN,
                UsageEventType.LOGOUT, UsageEventType.ONBOARDING_STEP_COMPLETED, UsageEventType.PAGE_VIEWED);
        assertThat(written).extracting(Written::key).containsExactly("acct-1", "acct-1", "acct-2", "acct-2");
        assertThat(written.get(2).value().getOnboardingStep()).isEqualTo("invite-team");
        assertThat(written).allSatisfy(w -> {
            assertThat(w.value().getMessageId()).matches("[0-9a-f-]{36}");
            assertThat(w.value().getOccurredAt()).isEqualTo(w.value().getReceivedAt());
        });
    }

    @Test
    void outOfOrderEventsKeepTheirOwnTimesAndTheRequestOrder() {
        Instant later = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Instant earlier = later.minus(3, ChronoUnit.DAYS);

        HttpResponse<String> response = http.post("/v1/events", """
                [{"type": "login", "accountId": "acct-1", "occurredAt": "%s", "messageId": "late"},
                 {"type": "login", "accountId": "acct-1", "occurredAt": "%s", "messageId": "early"}]
                """.formatted(later, earlier));

        assertThat(response.statusCode()).isEqualTo(200);
        List<Written<UsageEvent>> written = Records.on(producer, topics.usageEvents());
        assertThat(written).extracting(w -> w.value().getMessageId()).containsExactly("late", "early");
        assertThat(written).extracting(w -> w.value().getOccurredAt()).containsExactly(later, earlier);
    }

    @Test
    void anAccountProfileIsWrittenToAccountProfiles() {
        HttpResponse<String> response = http.put("/v1/accounts/acct-9", """
                {"name": "Acme KK", "plan": "enterprise", "mrrMinor": 1250000, "currency": "JPY", "segment": "smb",
                 "coverageModel": "TECH_TOUCH", "csmOwnerEmail": "csm@example.com", "contactEmail": "it@acme.example",
                 "contactLanguage": "ja", "seats": 40, "contractStart": "2026-04-01", "renewalDate": "2027-03-31"}
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        List<Written<AccountProfile>> written = Records.on(producer, topics.accountProfiles());
        assertThat(written).hasSize(1);
        AccountProfile p = written.get(0).value();
        assertThat(written.get(0).key()).isEqualTo("acct-9");
        assertThat(p.getAccountId()).isEqualTo("acct-9");
        assertThat(p.getName()).isEqualTo("Acme KK");
        assertThat(p.getPlan()).isEqualTo("enterprise");
        assertThat(p.getMrrMinor()).isEqualTo(1_250_000L);
        assertThat(p.getCurrency()).isEqualTo("JPY");
        assertThat(p.getSegment()).isEqualTo("smb");
        assertThat(p.getCoverageModel()).isEqualTo(CoverageModel.TECH_TOUCH);
        assertThat(p.getCsmOwnerEmail()).isEqualTo("csm@example.com");
        assertThat(p.getContactEmail()).isEqualTo("it@acme.example");
        assertThat(p.getContactLanguage()).isEqualTo("ja");
        assertThat(p.getSeats()).isEqualTo(40);
        assertThat(p.getContractStart()).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(p.getRenewalDate()).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(p.getSource()).isEqualTo("web");
    }

    @Test
    void signalsOfEveryTypeAreWrittenToAccountSignals() {
        HttpResponse<String> response = http.post("/v1/signals", """
                [{"type": "nps_answer", "accountId": "a1", "userId": "u1", "npsScore": 3, "note": "slow"},
                 {"type": "support_ticket_opened", "accountId": "a1", "ticketId": "T-1", "ticketPriority": "high"},
                 {"type": "support_ticket_closed", "accountId": "a1", "ticketId": "T-1"},
                 {"type": "payment_failed", "accountId": "a1", "amountMinor": 4900, "currency": "USD"},
                 {"type": "payment_succeeded", "accountId": "a1", "amountMinor": 4900, "currency": "USD"},
                 {"type": "csm_touchpoint", "accountId": "a1", "note": "QBR held", "messageId": "sig-6"}]
                """);

        assertThat(response.statusCode()).isEqualTo(200);
        List<AccountSignal> signals = Records.on(producer, topics.accountSignals()).stream()
                .map(Written::value).toList();
        assertThat(signals).extracting(AccountSignal::getType).containsExactly(SignalType.NPS_ANSWER,
                SignalType.SUPPORT_TICKET_OPENED, SignalType.SUPPORT_TICKET_CLOSED, SignalType.PAYMENT_FAILED,
                SignalType.PAYMENT_SUCCEEDED, SignalType.CSM_TOUCHPOINT);
        assertThat(signals.get(0).getNpsScore()).isEqualTo(3);
        assertThat(signals.get(0).getNote()).isEqualTo("slow");
        assertThat(signals.get(1).getTicketPriority()).isEqualTo(TicketPriority.HIGH);
        assertThat(signals.get(1).getTicketId()).isEqualTo("T-1");
        assertThat(signals.get(3).getAmountMinor()).isEqualTo(4900L);
        assertThat(signals.get(3).getCurrency()).isEqualTo("USD");
        assertThat(signals.get(5).getMessageId()).isEqualTo("sig-6");
        assertThat(signals).allSatisfy(s -> assertThat(s.getAccountId()).isEqualTo("a1"));
    }

    @Test
    void aBearerTokenAuthenticatesAsWellAsBasic() {
        HttpResponse<String> response = http.send("POST", "/v1/events",
                "{\"type\":\"login\",\"accountId\":\"a\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json; charset=UTF-8", "Authorization", "Bearer " + RawHttp.OTHER_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Records.on(producer, topics.usageEvents()).get(0).value().getSource()).isEqualTo("crm");
    }
}
