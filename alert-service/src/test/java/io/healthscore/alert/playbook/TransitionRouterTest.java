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
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.LevelTransition;
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

/** Routing level transitions with transition playbooks placed before the alert playbooks. */
class TransitionRouterTest {

    private static final List<HttpTarget.Slack> SLACK = List.of(new HttpTarget.Slack("team", "http://127.0.0.1:1/s"));
    private static final List<HttpTarget.Webhook> WEBHOOKS = List.of(new HttpTarget.Webhook("crm", "http://127.0.0.1:1/c", "s"));
    private static final AccountContact CONTACT = new AccountContact("acct", "Acme KK", "owner@csm.example",
            "ops@acct.example", "en", LocalDate.of(2026, 5, 1));
    private static final String PLAYBOOKS = """
            playbooks:
              - name: entered-lv1
                when: {transition: {to: LV1, direction: DOWN}}
                actions:
                  - {type: csm-email}
                  - {type: customer-email, template: risk-follow-up}
                  - {type: slack, target: team}
                  - {type: webhook, target: crm}
              - name: upsell-moment
                when: {transition: {to: LV4, coverage-model: HIGH_TOUCH}}
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
    void aTransitionIntoLv1GetsTheRowsOfItsPlaybookKeyedByTransitionActionAndTarget() {
        Routing routing = router(catalog).route(lv2ToLv1(), Optional.of(CONTACT), "owner@csm.example");

        String id = "transition:acct:LV1:2026-03-02T09:00:00Z";
        assertThat(routing.playbook()).isEqualTo("entered-lv1");
        assertThat(routing.deliveries())
                .extracting(NewDelivery::channel, NewDelivery::target, NewDelivery::idempotencyKey, NewDelivery::status)
                .containsExactly(
                        tuple(Channel.CSM_EMAIL, "owner@csm.example", id + ":csm-email:owner@csm.example",
                                DeliveryStatus.PENDING),
                        tuple(Channel.CUSTOMER_EMAIL, "ops@acct.example", id + ":customer-email:ops@acct.example",
                                DeliveryStatus.PENDING),
                        tuple(Channel.SLACK, "team", id + ":slack:team", DeliveryStatus.PENDING),
                        tuple(Channel.WEBHOOK, "crm", id + ":webhook:crm", DeliveryStatus.PENDING));
        assertThat(routing.deliveries()).allMatch(d -> d.alertId() == null && "acct".equals(d.accountId()));
    }

    @Test
    void theMessagesNameTheMoveTheScoreAndTheReasons() {
        List<NewDelivery> rows = router(catalog).route(lv2ToLv1(), Optional.of(CONTACT), "owner@csm.example")
                .deliveries();

        assertThat(rows.get(0).subject()).isEqualTo("[LV1] Acme KK: level LV2 → LV1 (DOWN), score 38.5");
        assertThat(rows.get(0).body()).contains("Level: LV2 → LV1 (DOWN)", "Renewal: 2026-05-01",
                "- active users −45% vs 28-day baseline", "http://127.0.0.1/accounts/acct/timeline");
        assertThat(rows.get(2).body()).contains("moved LV2 → LV1 (DOWN)");
        assertThat(rows.get(3).body()).contains("\"type\":\"level-transition\"",
                "\"idempotencyKey\":\"transition:acct:LV1:2026-03-02T09:00:00Z:webhook:crm\"",
                "\"fromLevel\":\"LV2\"", "\"toLevel\":\"LV1\"", "\"direction\":\"DOWN\"");
        assertThat(rows.get(1).body()).as("the customer email").doesNotContain("/timeline");
    }

    @Test
    void routingTheSameTransitionTwiceGivesTheSameKeys() {
        TransitionRouter router = router(catalog);

        assertThat(router.route(lv2ToLv1(), Optional.of(CONTACT), "owner@csm.example").deliveries())
                .extracting(NewDelivery::idempotencyKey)
                .isEqualTo(router.route(lv2ToLv1(), Optional.of(CONTACT), "owner@csm.example").deliveries()
                        .stream().map(NewDelivery::idempotencyKey).toList());
    }

    @Test
    void aTransitionMatchingNoTransitionPlaybookRunsNothingEvenWithACatchAllAlertPlaybook() {
        LevelTransition lv3ToLv2 = Records.transition("acct", HealthLevel.LV3, HealthLevel.LV2,
                CoverageModel.HIGH_TOUCH, Records.T0).build();

        Routing routing = router(catalog).route(lv3ToLv2, Optional.of(CONTACT), "owner@csm.example");

        assertThat(routing.playbook()).isNull();
        assertThat(routing.deliveries()).isEmpty();
    }

    @Test
    void withTheShippedPlaybooksNoTransitionRunsAnything() {
        Routing routing = router(catalog("classpath:playbooks.yml")).route(lv2ToLv1(), Optional.of(CONTACT),
                "owner@csm.example");

        assertThat(routing.playbook()).isNull();
        assertThat(routing.deliveries()).isEmpty();
    }

    @Test
    void anAlertNeverMatchesATransitionPlaybookBeforeIt() {
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
        Routing routing = router(catalog).route(lv2ToLv1(), Optional.empty(), null);

        assertThat(routing.deliveries()).filteredOn(d -> d.status() == DeliveryStatus.SKIPPED)
                .extracting(NewDelivery::channel, NewDelivery::note, NewDelivery::idempotencyKey)
                .containsExactly(
                        tuple(Channel.CSM_EMAIL, "no CSM owner on the profile and no mail.fallback-csm",
                                "transition:acct:LV1:2026-03-02T09:00:00Z:csm-email:-"),
                        tuple(Channel.CUSTOMER_EMAIL, "no contact email on the account profile",
                                "transition:acct:LV1:2026-03-02T09:00:00Z:customer-email:-"));
    }

    @Test
    void aContactTheRecipientPolicyRefusesIsSkippedWithTheReason() {
        AccountContact literal = new AccountContact("acct", "Acme KK", "owner@csm.example", "x@[10.0.0.5]", "en", null);

        NewDelivery customer = router(catalog).route(lv2ToLv1(), Optional.of(literal), "owner@csm.example")
                .deliveries().get(1);

        assertThat(customer.status()).isEqualTo(DeliveryStatus.SKIPPED);
        assertThat(customer.note()).isEqualTo("contact email has a domain literal; a host name is required");
    }

    private static LevelTransition lv2ToLv1() {
        return Records.transition("acct", HealthLevel.LV2, HealthLevel.LV1, CoverageModel.TECH_TOUCH, Records.T0)
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

    private static TransitionRouter router(PlaybookCatalog catalog) {
        ObjectMapper json = ObjectMapper.getDefault();
        return new TransitionRouter(catalog, new LinkConfig("http://127.0.0.1/accounts/{accountId}/timeline", null),
                new RecipientPolicy(mail()), new CsmEmailComposer(), new CustomerEmailComposer(new CustomerTemplates()),
                new SlackMessageComposer(json), new WebhookPayloadComposer(json));
    }
}
