package io.healthscore.alert.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthscore.alert.Records;
import io.healthscore.alert.compose.CsmEmailComposer;
import io.healthscore.alert.compose.CustomerEmailComposer;
import io.healthscore.alert.compose.CustomerTemplates;
import io.healthscore.alert.compose.SlackMessageComposer;
import io.healthscore.alert.compose.WebhookPayloadComposer;
import io.healthscore.alert.config.HttpTarget;
import io.healthscore.alert.config.LinkConfig;
import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.delivery.RecipientPolicy;
import io.healthscore.alert.config.NoiseConfig;
import io.healthscore.alert.config.PlaybookConfig;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing with the shipped playbooks.yml. */
class AlertRouterTest {

    private static final List<HttpTarget.Slack> SLACK = List.of(new HttpTarget.Slack("team", "http://127.0.0.1:1/s"));
    private static final List<HttpTarget.Webhook> WEBHOOKS = List.of(new HttpTarget.Webhook("crm", "http://127.0.0.1:1/c", "s"));

    private static final String INTERNAL_URL = "http://127.0.0.1/accounts/{accountId}/timeline";
    private static final AccountContact CONTACT = new AccountContact("acct", "Acct", null, "ops@acct.example", "en", null);

    @TempDir
    Path dir;

    @Test
    void aHighTouchAlertGetsCsmEmailSlackAndWebhookKeyedByAlertActionAndTarget() {
        Routing routing = router(false).route(Records.alert("a1", "acct", AlertRule.LEVEL_DOWN, Severity.IMMINENT,
                CoverageModel.HIGH_TOUCH).build(), Optional.empty(), "csm@example.com");

        assertThat(routing.playbook()).isEqualTo("high-touch");
        assertThat(routing.deliveries()).extracting(NewDelivery::channel, NewDelivery::target, NewDelivery::idempotencyKey)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Channel.CSM_EMAIL, "csm@example.com", "a1:csm-email:csm@example.com"),
                        org.assertj.core.groups.Tuple.tuple(Channel.SLACK, "team", "a1:slack:team"),
                        org.assertj.core.groups.Tuple.tuple(Channel.WEBHOOK, "crm", "a1:webhook:crm"));
        assertThat(routing.deliveries()).allMatch(d -> d.status() == DeliveryStatus.PENDING);
    }

    @Test
    void aTechTouchAlertWithoutAContactEmailRecordsASkippedCustomerEmail() {
        Routing routing = router(false).route(Records.alert("a2", "acct", AlertRule.INACTIVITY, Severity.IMMINENT,
                CoverageModel.TECH_TOUCH).build(), Optional.of(new AccountContact("acct", "Acct", null, null, "ja", null)),
                null);

        assertThat(routing.playbook()).isEqualTo("tech-touch-imminent");
        NewDelivery customer = routing.deliveries().get(0);
        assertThat(customer.channel()).isEqualTo(Channel.CUSTOMER_EMAIL);
        assertThat(customer.status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(customer.note()).isEqualTo("no contact email on the account profile");
    }

    @Test
    void withDigestsOnTheCsmEmailOfASuspectedAlertIsLeftToTheDigest() {
        var alert = Records.alert("a3", "acct", AlertRule.PAYMENT_FAILED, Severity.SUSPECTED, CoverageModel.LOW_TOUCH).build();

        assertThat(router(true).route(alert, Optional.empty(), "csm@example.com").deliveries())
                .extracting(NewDelivery::channel).containsExactly(Channel.WEBHOOK);
        assertThat(router(false).route(alert, Optional.empty(), "csm@example.com").deliveries())
                .extracting(NewDelivery::channel).containsExactly(Channel.CSM_EMAIL, Channel.WEBHOOK);
    }

    @Test
    void anAlertWithoutACsmRecordsASkippedCsmEmail() {
        Routing routing = router(false).route(Records.alert("a4", "acct", AlertRule.OTHER, Severity.IMMINENT,
                CoverageModel.LOW_TOUCH).build(), Optional.empty(), null);

        assertThat(routing.deliveries().get(0).status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(routing.deliveries().get(0).idempotencyKey()).isEqualTo("a4:csm-email:-");
    }

    @Test
    void aContactGivenAsADomainLiteralGetsASkippedCustomerEmailWithTheReason() {
        Routing routing = router(false).route(techTouch("a5"), Optional.of(new AccountContact("acct", "Acct", null,
                "x@[10.0.0.5]", "en", null)), null);

        NewDelivery customer = routing.deliveries().get(0);
        assertThat(customer.status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(customer.target()).isEqualTo("-");
        assertThat(customer.note()).isEqualTo("contact email has a domain literal; a host name is required");
    }

    @Test
    void aContactWithAQuotedLocalPartGetsASkippedCustomerEmail() {
        Routing routing = router(false).route(techTouch("a6"), Optional.of(new AccountContact("acct", "Acct", null,
                "\"victim list\"@example.com", "en", null)), null);

        assertThat(routing.deliveries().get(0).status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(routing.deliveries().get(0).note()).contains("quoted local parts are not accepted");
    }

    @Test
    void theCustomerContactIsMailedAtItsNormalisedAddress() {
        Routing routing = router(false).route(techTouch("a7"), Optional.of(new AccountContact("acct", "Acct", null,
                "Taro@Bücher.Example", "ja", null)), null);

        assertThat(routing.deliveries().get(0).target()).isEqualTo("Taro@xn--bcher-kva.example");
        assertThat(routing.deliveries().get(0).status()).isEqualTo(DeliveryStatus.PENDING);
    }

    @Test
    void aCsmOwnerOutsideTheAllowedDomainsIsSkippedAndTheAlertGoesToTheFallbackCsm() {
        Routing routing = router(false, "fallback@csm.example", List.of("CSM.example"), null)
                .route(highTouch("a8"), Optional.empty(), "owner@attacker.example");

        assertThat(routing.deliveries()).filteredOn(d -> d.channel() == Channel.CSM_EMAIL)
                .extracting(NewDelivery::target, NewDelivery::status, NewDelivery::note, NewDelivery::idempotencyKey)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("-", DeliveryStatus.SKIPPED, "CSM owner's domain "
                                + "attacker.example is not in mail.csm-allowed-domains; the alert went to "
                                + "mail.fallback-csm", "a8:csm-email:-"),
                        org.assertj.core.groups.Tuple.tuple("fallback@csm.example", DeliveryStatus.PENDING, null,
                                "a8:csm-email:fallback@csm.example"));
    }

    @Test
    void aRefusedCsmOwnerWithoutAFallbackGetsOnlyASkippedRowSayingSo() {
        Routing routing = router(false, null, List.of(), null).route(highTouch("a9"), Optional.empty(), "x@[10.0.0.5]");

        assertThat(routing.deliveries()).filteredOn(d -> d.channel() == Channel.CSM_EMAIL)
                .extracting(NewDelivery::status, NewDelivery::note)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DeliveryStatus.SKIPPED, "CSM owner address has "
                        + "a domain literal; a host name is required; no mail.fallback-csm is set"));
    }

    @Test
    void aCsmOwnerInAnAllowedDomainIsMailed() {
        Routing routing = router(false, "fallback@csm.example", List.of("csm.example"), null)
                .route(highTouch("a10"), Optional.empty(), "owner@CSM.example");

        assertThat(routing.deliveries().get(0).target()).isEqualTo("owner@csm.example");
        assertThat(routing.deliveries().get(0).status()).isEqualTo(DeliveryStatus.PENDING);
    }

    @Test
    void aCustomerEmailLinksToTheCustomerUrlAndNeverToTheInternalOne() {
        Routing routing = router(false, null, List.of(), "https://app.example.com/a/{accountId}")
                .route(techTouch("a11"), Optional.of(CONTACT), null);

        assertThat(routing.deliveries().get(0).body()).contains("https://app.example.com/a/acct")
                .doesNotContain("/timeline");
    }

    @Test
    void withoutACustomerUrlACustomerEmailHasNoLinkAtAll() {
        Routing routing = router(false).route(techTouch("a12"), Optional.of(CONTACT), null);

        assertThat(routing.deliveries().get(0).body()).doesNotContain("http", "{{link}}", "Your account:")
                .doesNotContain("\n\n\n");
    }

    @Test
    void aPlaybookNamingAnUnconfiguredTargetStopsStartUpNamingTheEntry() throws IOException {
        Path file = dir.resolve("playbooks.yml");
        Files.writeString(file, """
                playbooks:
                  - name: first
                    actions: [{type: csm-email}]
                  - name: to-sales
                    actions: [{type: slack, target: sales}]
                """);

        assertThatThrownBy(() -> catalog("file:" + file))
                .isInstanceOf(PlaybookException.class)
                .hasMessage("file:" + file + ": playbook #2 'to-sales' action #1: target 'sales' is not configured "
                        + "under channels.slack (configured: [team])");
    }

    @Test
    void aMissingPlaybookFileStopsStartUp() {
        assertThatThrownBy(() -> catalog("file:" + dir.resolve("nope.yml")))
                .isInstanceOf(PlaybookException.class).hasMessageContaining("does not exist");
    }

    private static io.healthscore.avro.ChurnRiskAlert techTouch(String alertId) {
        return Records.alert(alertId, "acct", AlertRule.INACTIVITY, Severity.IMMINENT, CoverageModel.TECH_TOUCH).build();
    }

    private static io.healthscore.avro.ChurnRiskAlert highTouch(String alertId) {
        return Records.alert(alertId, "acct", AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH).build();
    }

    private static PlaybookCatalog catalog(String location) {
        return new PlaybookCatalog(new PlaybookConfig(location), new ResourceResolver(), SLACK, WEBHOOKS,
                new CustomerTemplates());
    }

    private static AlertRouter router(boolean suspectedByDigest) {
        return router(suspectedByDigest, null, List.of(), null);
    }

    private static AlertRouter router(boolean suspectedByDigest, String fallbackCsm, List<String> csmDomains,
                                      String customerUrl) {
        ObjectMapper json = ObjectMapper.getDefault();
        MailConfig mail = new MailConfig("127.0.0.1", 2525, null, null, "alerts@healthscore.local",
                "success@healthscore.local", "alerts.healthscore.local", Duration.ofSeconds(10), fallbackCsm, csmDomains);
        return new AlertRouter(catalog("classpath:playbooks.yml"), new NoiseConfig(Duration.ofDays(7), suspectedByDigest),
                new LinkConfig(INTERNAL_URL, customerUrl), new RecipientPolicy(mail), new CsmEmailComposer(),
                new CustomerEmailComposer(new CustomerTemplates()), new SlackMessageComposer(json),
                new WebhookPayloadComposer(json));
    }
}
