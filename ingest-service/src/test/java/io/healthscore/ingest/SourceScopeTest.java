package io.healthscore.ingest;

import io.healthscore.avro.AccountProfile;

import io.healthscore.avro.SignalType;
import io.healthscore.ingest.support.RawHttp;
import io.healthscore.ingest.support.Records;
import io.healthscore.ingest.support.Records.Written;
import io.healthscore.schemas.Topics;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks a public product key makes possible without source scopes, each refused: rewriting an account's
 * routing (who is mailed, how it is handled) and contract facts, choosing a customer contact, and faking
 * payments, tickets and NPS answers; and what each example scope of the README may do.
 */
@MicronautTest(environments = "scopes")
class SourceScopeTest {

    static final Instant RECEIVED_AT = Instant.parse("2026-11-23T10:00:00Z");
    static final String PRODUCT = "product-sdk-key";
    static final String CRM = "crm-key";
    static final String BILLING = "billing-key";
    static final String SUPPORT = "support-key";

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

    @ParameterizedTest
    @ValueSource(strings = {"\"csmOwnerEmail\": \"attacker@evil.example\"", "\"contactEmail\": \"victim@example.com\"",
            "\"contactLanguage\": \"ja\"", "\"coverageModel\": \"TECH_TOUCH\"", "\"renewalDate\": \"2030-01-01\"",
            "\"mrr\": 1", "\"mrrMinor\": 100", "\"currency\": \"USD\"", "\"seats\": 1", "\"segment\": \"smb\"",
            "\"plan\": \"free\"", "\"contractStart\": \"2026-01-01\""})
    void aProductKeyCannotWriteARoutingOrContractTraitThroughGroup(String trait) {
        String field = trait.substring(1, trait.indexOf('"', 1));

        HttpResponse<String> response = send(PRODUCT, "/v1/group",
                "{\"type\":\"group\",\"userId\":\"u-1\",\"groupId\":\"acct-1\",\"traits\":{\"name\":\"Acme\"," + trait + "}}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"https://healthscore.io/problems/forbidden\"",
                "\"field\":\"traits." + field + "\"", "source 'product' may not write");
        assertThat(producer.history()).as("nothing written").isEmpty();
    }

    @Test
    void aProductKeyCannotRewriteAnAccountThroughTheNativeProfileEndpoint() {
        HttpResponse<String> response = send(PRODUCT, "PUT", "/v1/accounts/acct-1",
                "{\"name\":\"Acme\",\"csmOwnerEmail\":\"attacker@evil.example\",\"coverageModel\":\"TECH_TOUCH\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"field\":\"csmOwnerEmail\"", "\"field\":\"coverageModel\"",
                "source 'product' may not write csmOwnerEmail (grant it with ingest.sources.product.profile-fields)");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void oneRefusedGroupCallInABatchWritesNothingOfTheBatch() {
        HttpResponse<String> response = send(PRODUCT, "/v1/batch", """
                {"batch": [
                  {"type": "track", "userId": "u-1", "event": "Report Exported", "context": {"groupId": "acct-1"}},
                  {"type": "group", "userId": "u-1", "groupId": "acct-1", "traits": {"csmOwnerEmail": "a@evil.example"}}
                ]}""");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"field\":\"batch[1].traits.csmOwnerEmail\"");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aProductKeyMayNameTheAccountButItsEmailTraitNeverBecomesTheContact() {
        HttpResponse<String> response = send(PRODUCT, "/v1/group", """
                {"type": "group", "userId": "u-1", "groupId": "acct-1",
                 "traits": {"name": "Acme", "email": "victim@example.com", "industry": "retail"}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        AccountProfile profile = single(topics.accountProfiles());
        assertThat(profile.getName()).isEqualTo("Acme");
        assertThat(profile.getContactEmail()).isNull();
        assertThat(profile.getCsmOwnerEmail()).isNull();
        assertThat(profile.getSource()).isEqualTo("product");
    }

    @Test
    void aProductKeySendsUsageEventsAsBefore() {
        assertThat(send(PRODUCT, "/v1/track", "{\"userId\":\"u-1\",\"event\":\"Signed In\",\"context\":{\"groupId\":\"a\"}}")
                .statusCode()).isEqualTo(200);
        assertThat(send(PRODUCT, "/v1/events", "{\"type\":\"login\",\"accountId\":\"a\"}").statusCode()).isEqualTo(200);
        assertThat(producer.history()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"nps_answer\",\"accountId\":\"acct-1\",\"npsScore\":0}",
            "{\"type\":\"support_ticket_closed\",\"accountId\":\"acct-1\",\"ticketId\":\"T-1\",\"ticketPriority\":\"low\"}",
            "{\"type\":\"support_ticket_opened\",\"accountId\":\"acct-1\",\"ticketId\":\"T-9\"}",
            "{\"type\":\"payment_failed\",\"accountId\":\"acct-1\",\"amountMinor\":100}",
            "{\"type\":\"payment_succeeded\",\"accountId\":\"acct-1\"}",
            "{\"type\":\"csm_touchpoint\",\"accountId\":\"acct-1\"}"})
    void aProductKeyCannotFakeSignals(String signal) {
        HttpResponse<String> response = send(PRODUCT, "/v1/signals", "[" + signal + "]");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"field\":\"[0].type\"", "source 'product' may not send");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void billingSendsPaymentsAndMoneyFactsButNotNpsOrRouting() {
        assertThat(send(BILLING, "/v1/signals", "{\"type\":\"payment_failed\",\"accountId\":\"acct-1\",\"amountMinor\":990,"
                + "\"currency\":\"USD\"}").statusCode()).isEqualTo(200);
        assertThat(send(BILLING, "PUT", "/v1/accounts/acct-1", "{\"mrrMinor\":99000,\"currency\":\"USD\",\"plan\":\"pro\","
                + "\"renewalDate\":\"2027-03-31\"}").statusCode()).isEqualTo(200);
        assertThat(single(topics.accountSignals()).getType()).isEqualTo(SignalType.PAYMENT_FAILED);
        assertThat(single(topics.accountProfiles()).getRenewalDate()).isEqualTo(LocalDate.of(2027, 3, 31));
        producer.clear();

        assertThat(send(BILLING, "/v1/signals", "{\"type\":\"nps_answer\",\"accountId\":\"acct-1\",\"npsScore\":0}")
                .statusCode()).isEqualTo(403);
        assertThat(send(BILLING, "PUT", "/v1/accounts/acct-1", "{\"csmOwnerEmail\":\"x@example.com\"}").statusCode())
                .isEqualTo(403);
        assertThat(send(BILLING, "/v1/events", "{\"type\":\"login\",\"accountId\":\"acct-1\"}").statusCode())
                .as("usage: false").isEqualTo(403);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void supportSendsTicketsOnly() {
        assertThat(send(SUPPORT, "/v1/signals", "{\"type\":\"support_ticket_opened\",\"accountId\":\"acct-1\","
                + "\"ticketId\":\"T-1\",\"ticketPriority\":\"urgent\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> track = send(SUPPORT, "/v1/track", "{\"userId\":\"u\",\"event\":\"E\",\"context\":{\"groupId\":\"a\"}}");
        assertThat(track.statusCode()).isEqualTo(403);
        assertThat(track.body()).contains("source 'support' may not send usage events");
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void theCrmSetsRoutingAndItsEmailTraitBecomesTheContact() {
        HttpResponse<String> response = send(CRM, "/v1/group", """
                {"type": "group", "userId": "sync", "groupId": "acct-1",
                 "traits": {"name": "Acme", "email": "it@Acme.Example", "csmOwnerEmail": "csm@example.com",
                            "coverageModel": "high_touch", "renewalDate": "2027-03-31"}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        AccountProfile profile = single(topics.accountProfiles());
        assertThat(profile.getContactEmail()).isEqualTo("it@acme.example");
        assertThat(profile.getCsmOwnerEmail()).isEqualTo("csm@example.com");
        assertThat(profile.getSource()).isEqualTo("salesforce");
    }

    @Test
    void aProfileUpdatedInTheFutureIsOrderedAtItsTimeOfReceipt() {
        // A future updatedAt inside the allowed clock skew would outrank genuine updates until the clock caught up
        HttpResponse<String> response = send(CRM, "PUT", "/v1/accounts/acct-1",
                "{\"csmOwnerEmail\":\"csm@example.com\",\"updatedAt\":\"2026-11-23T10:04:00Z\"}");
        HttpResponse<String> group = send(CRM, "/v1/group", "{\"userId\":\"s\",\"groupId\":\"acct-2\",\"traits\":{},"
                + "\"timestamp\":\"2026-11-23T10:04:00Z\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(group.statusCode()).isEqualTo(200);
        assertThat(Records.on(producer, topics.accountProfiles())).extracting(w -> w.value().getUpdatedAt())
                .containsExactly(RECEIVED_AT, RECEIVED_AT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5000-01-01", "+10000-01-01", "1899-12-31", "2201-01-01"})
    void aDateOutsideTheYears1900To2200IsRefusedAtIngest(String date) {
        HttpResponse<String> response = send(CRM, "PUT", "/v1/accounts/acct-1", "{\"renewalDate\":\"" + date + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"renewalDate\"", "between 1900-01-01 and 2200-12-31");
        assertThat(producer.history()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x@[10.0.0.5]", "\\\"quoted\\\"@example.com", "a@localhost", "a@10.0.0.5"})
    void anAddressADatabaseOrMailerCouldBeTrickedWithIsRefused(String address) {
        HttpResponse<String> response = send(CRM, "PUT", "/v1/accounts/acct-1", "{\"contactEmail\":\"" + address + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"contactEmail\"", "must be an e-mail address");
        assertThat(producer.history()).isEmpty();
    }

    private <V> V single(io.healthscore.schemas.Topic<String, V> topic) {
        List<Written<V>> written = Records.on(producer, topic);
        assertThat(written).hasSize(1);
        return written.get(0).value();
    }

    private HttpResponse<String> send(String key, String path, String json) {
        return send(key, "POST", path, json);
    }

    private HttpResponse<String> send(String key, String method, String path, String json) {
        return http.send(method, path, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", RawHttp.basic(key)));
    }

}
