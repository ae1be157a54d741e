package io.healthscore.alert.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.healthscore.alert.Records;
import io.healthscore.alert.compose.CsmEmailComposer;
import io.healthscore.alert.compose.CustomerEmailComposer;
import io.healthscore.alert.compose.CustomerTemplates;
import io.healthscore.alert.compose.SlackMessageComposer;
import io.healthscore.alert.compose.WebhookPayloadComposer;
import io.healthscore.alert.config.HttpTarget;
import io.healthscore.alert.config.LinkConfig;
import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.config.NoiseConfig;
import io.healthscore.alert.config.PlaybookConfig;
import io.healthscore.alert.delivery.RecipientPolicy;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.ExpansionKind;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing expansion signals with expansion playbooks next to transition and alert playbooks. */
class ExpansionRouterTest {

    private static final List<HttpTarget.Slack> SLACK = List.of(new HttpTarget.Slack("team", "http://127.0.0.1:1/s"));
    private static final List<HttpTarget.Webhook> WEBHOOKS = List.of(new HttpTarget.Webhook("crm", "http://127.0.0.1:1/c", "s"));
    private static final AccountContact CONTACT = new AccountContact("acct", "Acme KK", "owner@csm.example",
            "ops@acct.example", "en", LocalDate.of(2026, 5, 1));
    private static final String PLAYBOOKS = """
            playbooks:
              - name: any-move
                when: {transition: {}}
                actions:
                  - {type: slack, target: team}
              - name: seats-upsell
                when: {expansion: {kind: SEATS_EXCEEDED}}
                actions:
                  - {type: csm-email}
                  - {type: customer-email, template: risk-follow-up}
                  - {type: slack, target: team}
                  - {type: webhook, target: crm}
              - name: growing-high-touch
                when: {expansion: {kind: RISING_ADOPTION, coverage-model: HIGH_TOUCH}}
                actions:
                  - {type: webhook, target: crm}
              - name: every-alert
                actions:
                  - {type: slack, target: team}
            """;

    @TempDir
    Path dir;

    private PlaybookCatalog catalog;

    @BeforeEach
    void playbooks() throws IOException {
        Path file = dir.resolve("playbooks.yml");
        Files.writeString(file, PLAYBOOKS);
        catalog = catalog("file:" + file);
    }

    @Test
    void aSignalGetsTheRowsOfItsPlaybookKeyedBySignalActionAndTarget() {
        Routing routing = router(catalog).route(seats(), Optional.of(CONTACT), "owner@csm.example");

        String id = "expansion:sig-1";
        assertThat(routing.playbook()).isEqualTo("seats-upsell");
        assertThat(routing.deliveries())
                .extracting(NewDelivery::channel, NewDelivery::target, NewDelivery::idempotencyKey, NewDelivery::status)
                .containsExactly(
                        tuple(Channel.CSM_EMAIL, "owner@csm.example", id + ":csm-email:owner@csm.example",
                                DeliveryStatus.PENDING),
                        tuple(Channel.CUSTOMER_EMAIL, "ops@acct.example", id + ":customer-email:ops@acct.example",
                                DeliveryStatus.PENDING),
                        tuple(Channel.SLACK, "team", id + ":slack:team", DeliveryStatus.PENDING),
                        tuple(Channel.WEBHOOK, "crm", id + ":webhook:crm", DeliveryStatus.PENDING));
        assertThat(routing.deliveries()).as("a signal is no alert")
                .allMatch(d -> d.alertId() == null && "acct".equals(d.accountId()));
    }

    @Test
    void theMessagesNameTheKindTheEvidenceAndTheReasons() {
        List<NewDelivery> rows = router(catalog).route(seats(), Optional.of(CONTACT), "owner@csm.example")
                .deliveries();

        assertThat(rows.get(0).subject())
                .isEqualTo("[EXPANSION] Acme KK: SEATS_EXCEEDED (14 active users on 10 seats, score 86.5)");
        assertThat(rows.get(0).body()).contains("Kind: SEATS_EXCEEDED", "Users: 14 active users on 10 seats in the "
                + "last 7 days", "Renewal: 2026-05-01", "- 14 users active in the last 7 days on 10 seats (40% over)",
                "http://127.0.0.1/accounts/acct/timeline", "Signal id: expansion:sig-1");
        assertThat(rows.get(2).body()).contains("Expansion opportunity for *Acme KK*", "SEATS_EXCEEDED");
        assertThat(rows.get(3).body()).contains("\"type\":\"expansion-opportunity\"",
                "\"idempotencyKey\":\"expansion:sig-1:webhook:crm\"", "\"signalId\":\"sig-1\"",
                "\"kind\":\"SEATS_EXCEEDED\"", "\"activeUsers\":14", "\"seats\":10");
        assertThat(rows.get(1).body()).as("the customer email").doesNotContain("/timeline");
    }

    @Test
    void routingTheSameSignalTwiceGivesTheSameKeys() {
        ExpansionRouter router = router(catalog);

        assertThat(router.route(seats(), Optional.of(CONTACT), "owner@csm.example").deliveries())
                .extracting(NewDelivery::idempotencyKey)
                .isEqualTo(router.route(seats(), Optional.of(CONTACT), "owner@csm.example").deliveries()
                        .stream().map(NewDelivery::idempotencyKey).toList());
    }

    @Test
    void aSignalMatchingNoExpansionPlaybookRunsNothingDespiteTheCatchAllAndTransitionPlaybooks() {
        ExpansionOpportunity rising = Records.expansion("sig-2", "acct", ExpansionKind.RISING_ADOPTION,
                CoverageModel.TECH_TOUCH, Records.T0).build();

        Routing routing = router(catalog).route(rising, Optional.of(CONTACT), "owner@csm.example");

        assertThat(routing.playbook()).isNull();
        assertThat(routing.deliveries()).isEmpty();
    }

    @Test
    void withTheShippedPlaybooksNoSignalRunsAnything() {
        Routing routing = router(catalog("classpath:playbooks.yml")).route(seats(), Optional.of(CONTACT),
                "owner@csm.example");

        assertThat(routing.playbook()).isNull();
        assertThat(routing.deliveries()).isEmpty();
    }

    @Test
    void anAlertNeverMatchesAnExpansionPlaybook() {
        var alert = Records.alert("a1", "acct", AlertRule.LEVEL_DOWN, Severity.IMMINENT, CoverageModel.HIGH_TOUCH)
                .setLevel(HealthLevel.LV1).setPreviousLevel(HealthLevel.LV2).build();
        ObjectMapper json = ObjectMapper.getDefault();
        AlertRouter alerts = new AlertRouter(catalog, new NoiseConfig(Duration.ofDays(7), false),
                new LinkConfig("http://127.0.0.1/accounts/{accountId}/timeline", null), new RecipientPolicy(mail()),
                new CsmEmailComposer(), new CustomerEmailComposer(new CustomerTemplates()),
                new SlackMessageComposer(json), new WebhookPayloadComposer(json));

        assertThat(alerts.route(alert, Optional.of(CONTACT), "owner@csm.example").playbook()).isEqualTo("every-alert");
    }

    @Test
    void withoutAProfileTheEmailsAreSkippedSayingWhy() {
        Routing routing = router(catalog).route(seats(), Optional.empty(), null);

        assertThat(routing.deliveries()).filteredOn(d -> d.status() == DeliveryStatus.SKIPPED)
                .extracting(NewDelivery::channel, NewDelivery::note, NewDelivery::idempotencyKey)
                .containsExactly(
                        tuple(Channel.CSM_EMAIL, "no CSM owner on the profile and no mail.fallback-csm",
                                "expansion:sig-1:csm-email:-"),
                        tuple(Channel.CUSTOMER_EMAIL, "no contact email on the account profile",
                                "expansion:sig-1:customer-email:-"));
    }

    @Test
    void aContactTheRecipientPolicyRefusesIsSkippedWithTheReason() {
        AccountContact literal = new AccountContact("acct", "Acme KK", "owner@csm.example", "x@[10.0.0.5]", "en", null);

        NewDelivery customer = router(catalog).route(seats(), Optional.of(literal), "owner@csm.example")
                .deliveries().get(1);

        assertThat(customer.status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(customer.note()).isEqualTo("contact email has a domain literal; a host name is required");
    }

    private static ExpansionOpportunity seats() {
        return Records.expansion("sig-1", "acct", ExpansionKind.SEATS_EXCEEDED, CoverageModel.TECH_TOUCH, Records.T0)
                .build();
    }

    private static MailConfig mail() {
        return new MailConfig("127.0.0.1", 2525, null, null, "alerts@healthscore.local", "success@healthscore.local",
                "alerts.healthscore.local", Duration.ofSeconds(10), null, List.of());
    }

    private static PlaybookCatalog catalog(String location) {
        return new PlaybookCatalog(new PlaybookConfig(location), new ResourceResolver(), SLACK, WEBHOOKS,
                new CustomerTemplates());
    }

    private static ExpansionRouter router(PlaybookCatalog catalog) {
        ObjectMapper json = ObjectMapper.getDefault();
        return new ExpansionRouter(catalog, new LinkConfig("http://127.0.0.1/accounts/{accountId}/timeline", null),
                new RecipientPolicy(mail()), new CsmEmailComposer(), new CustomerEmailComposer(new CustomerTemplates()),
                new SlackMessageComposer(json), new WebhookPayloadComposer(json));
    }
}
