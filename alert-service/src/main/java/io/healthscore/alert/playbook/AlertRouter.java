package io.healthscore.alert.playbook;

import io.healthscore.alert.compose.AlertView;
import io.healthscore.alert.compose.ComposedMessage;
import io.healthscore.alert.compose.CsmEmailComposer;
import io.healthscore.alert.compose.CustomerEmailComposer;
import io.healthscore.alert.compose.SlackMessageComposer;
import io.healthscore.alert.compose.WebhookPayloadComposer;
import io.healthscore.alert.config.LinkConfig;
import io.healthscore.alert.config.NoiseConfig;
import io.healthscore.alert.delivery.RecipientPolicy;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.Direction;
import io.healthscore.avro.Severity;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an alert into outbox rows: finds the first matching playbook and renders each of its actions for its
 * recipient. One row per (alert, action, target), keyed {@code <alertId>:<action>:<target>} so the same alert
 * never yields a second row for the same receiver. Recipients go through the {@link RecipientPolicy}: an action
 * without an acceptable recipient (no CSM, no contact email, an address the policy refuses) becomes a SKIPPED row
 * that says why; a refused CSM owner's alert goes to the fallback CSM next to that SKIPPED row. Customer emails
 * carry the customer-facing link only. With digests on, the CSM email of a SUSPECTED alert is left to the digest.
 * Pure: no I/O.
 */
@Singleton
public final class AlertRouter {

    private final PlaybookCatalog playbooks;
    private final NoiseConfig noise;
    private final LinkConfig links;
    private final RecipientPolicy recipients;
    private final CsmEmailComposer csmEmail;
    private final CustomerEmailComposer customerEmail;
    private final SlackMessageComposer slack;
    private final WebhookPayloadComposer webhook;

    public AlertRouter(PlaybookCatalog playbooks, NoiseConfig noise, LinkConfig links, RecipientPolicy recipients,
                       CsmEmailComposer csmEmail,
                       CustomerEmailComposer customerEmail, SlackMessageComposer slack,
                       WebhookPayloadComposer webhook) {
        this.playbooks = playbooks;
        this.noise = noise;
        this.links = links;
        this.recipients = recipients;
        this.csmEmail = csmEmail;
        this.customerEmail = customerEmail;
        this.slack = slack;
        this.webhook = webhook;
    }

    /**
     * @param csmOwner the CSM responsible (from the alert, else the profile, else the configured fallback)
     */
    public Routing route(ChurnRiskAlert alert, Optional<AccountContact> contact, @Nullable String csmOwner) {
        AlertFacts facts = new AlertFacts(alert.getRule(), alert.getSeverity(), alert.getLevel(), direction(alert),
                alert.getCoverageModel(), alert.getSegment());
        Optional<Playbook> match = playbooks.firstMatch(facts);
        if (match.isEmpty()) {
            return new Routing(null, List.of());
        }
        String name = contact.map(AccountContact::name).filter(n -> n != null && !n.isBlank())
                .orElse(alert.getAccountId());
        AlertView view = new AlertView(alert, name, links.accountLink(alert.getAccountId()),
                links.customerLink(alert.getAccountId()).orElse(null));
        List<NewDelivery> deliveries = new ArrayList<>();
        for (PlaybookAction action : match.get().actions()) {
            deliveries.addAll(plan(view, action, contact, csmOwner));
        }
        return new Routing(match.get().name(), List.copyOf(deliveries));
    }

    private List<NewDelivery> plan(AlertView view, PlaybookAction action, Optional<AccountContact> contact,
                                   @Nullable String csmOwner) {
        ChurnRiskAlert a = view.alert();
        return switch (action.type()) {
            case CSM_EMAIL -> noise.suspectedByDigest() && a.getSeverity() == Severity.SUSPECTED ? List.of()
                    : csmEmail(view, action, csmOwner);
            case CUSTOMER_EMAIL -> List.of(customerEmail(view, action, contact));
            case SLACK -> List.of(row(a, action, Channel.SLACK, action.target(), slack.compose(view)));
            case WEBHOOK -> List.of(row(a, action, Channel.WEBHOOK, action.target(),
                    webhook.compose(view, key(a, action, action.target()))));
        };
    }

    private List<NewDelivery> csmEmail(AlertView view, PlaybookAction action, @Nullable String csmOwner) {
        ChurnRiskAlert a = view.alert();
        RecipientPolicy.Choice csm = recipients.csm(csmOwner);
        List<NewDelivery> rows = new ArrayList<>();
        if (csm.refusal() != null) {
            rows.add(skipped(a, action, Channel.CSM_EMAIL, csm.refusal()));
        } else if (csm.address() == null) {
            rows.add(skipped(a, action, Channel.CSM_EMAIL, "no CSM owner on the alert or profile and no mail.fallback-csm"));
        }
        if (csm.address() != null) {
            rows.add(row(a, action, Channel.CSM_EMAIL, csm.address(), csmEmail.compose(view)));
        }
        return rows;
    }

    private NewDelivery customerEmail(AlertView view, PlaybookAction action, Optional<AccountContact> contact) {
        ChurnRiskAlert a = view.alert();
        String to = contact.map(AccountContact::contactEmail).orElse(null);
        if (to == null || to.isBlank()) {
            return skipped(a, action, Channel.CUSTOMER_EMAIL, "no contact email on the account profile");
        }
        RecipientPolicy.Choice contactChoice = recipients.customer(to);
        return contactChoice.address() == null
                ? skipped(a, action, Channel.CUSTOMER_EMAIL, contactChoice.refusal())
                : row(a, action, Channel.CUSTOMER_EMAIL, contactChoice.address(), customerEmail.compose(view,
                        action.template(), contact.map(AccountContact::contactLanguage).orElse(null)));
    }

    private static NewDelivery row(ChurnRiskAlert a, PlaybookAction action, Channel channel, String target,
                                   ComposedMessage message) {
        return new NewDelivery(key(a, action, target), a.getAlertId(), a.getAccountId(), channel, target,
                message.subject(), message.body(), DeliveryStatus.PENDING, null);
    }

    private static NewDelivery skipped(ChurnRiskAlert a, PlaybookAction action, Channel channel, String why) {
        return new NewDelivery(key(a, action, "-"), a.getAlertId(), a.getAccountId(), channel, "-", null, "",
                DeliveryStatus.SKIPPED, why);
    }

    static String key(ChurnRiskAlert a, PlaybookAction action, String target) {
        return a.getAlertId() + ":" + action.type().yamlName() + ":" + target;
    }

    private static Direction direction(ChurnRiskAlert a) {
        if (a.getPreviousLevel() == null || a.getPreviousLevel() == a.getLevel()) {
            return null;
        }
        return a.getPreviousLevel().ordinal() > a.getLevel().ordinal() ? Direction.DOWN : Direction.UP;
    }
}
