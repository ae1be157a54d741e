package io.healthscore.alert.playbook;

import io.healthscore.alert.compose.ComposedMessage;
import io.healthscore.alert.compose.CsmEmailComposer;
import io.healthscore.alert.compose.CustomerEmailComposer;
import io.healthscore.alert.compose.ExpansionView;
import io.healthscore.alert.compose.SlackMessageComposer;
import io.healthscore.alert.compose.WebhookPayloadComposer;
import io.healthscore.alert.config.LinkConfig;
import io.healthscore.alert.delivery.RecipientPolicy;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.avro.ExpansionOpportunity;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an expansion signal into outbox rows: finds the first matching expansion playbook (alert and transition
 * playbooks never match one) and renders each action for its recipient, as {@link TransitionRouter} does for level
 * transitions. A signal's rows are keyed {@code expansion:<signalId>:<action>:<target>}, so a signal routed twice
 * never yields a second row for the same receiver. Recipients go through the same {@link RecipientPolicy}; the CSM
 * is the profile's (a signal names none), else the fallback. Rows carry no alert id: a signal is no alert and never
 * appears among them. Pure: no I/O.
 */
@Singleton
public final class ExpansionRouter {

    private final PlaybookCatalog playbooks;
    private final LinkConfig links;
    private final RecipientPolicy recipients;
    private final CsmEmailComposer csmEmail;
    private final CustomerEmailComposer customerEmail;
    private final SlackMessageComposer slack;
    private final WebhookPayloadComposer webhook;

    public ExpansionRouter(PlaybookCatalog playbooks, LinkConfig links, RecipientPolicy recipients,
                           CsmEmailComposer csmEmail, CustomerEmailComposer customerEmail,
                           SlackMessageComposer slack, WebhookPayloadComposer webhook) {
        this.playbooks = playbooks;
        this.links = links;
        this.recipients = recipients;
        this.csmEmail = csmEmail;
        this.customerEmail = customerEmail;
        this.slack = slack;
        this.webhook = webhook;
    }

    /** The expansion playbook that decides this signal's actions, if any. */
    public Optional<Playbook> playbookFor(ExpansionOpportunity e) {
        return playbooks.firstMatch(new ExpansionFacts(e.getKind(), e.getCoverageModel(), e.getSegment()));
    }

    /**
     * @param csmOwner the CSM responsible (the profile's, else the configured fallback)
     */
    public Routing route(ExpansionOpportunity e, Optional<AccountContact> contact, @Nullable String csmOwner) {
        Optional<Playbook> match = playbookFor(e);
        if (match.isEmpty()) {
            return new Routing(null, List.of());
        }
        String id = signalKey(e);
        String name = contact.map(AccountContact::name).filter(n -> n != null && !n.isBlank())
                .orElse(e.getAccountId());
        ExpansionView view = new ExpansionView(e, id, name, links.accountLink(e.getAccountId()),
                links.customerLink(e.getAccountId()).orElse(null),
                contact.map(AccountContact::renewalDate).orElse(null));
        List<NewDelivery> deliveries = new ArrayList<>();
        for (PlaybookAction action : match.get().actions()) {
            deliveries.addAll(plan(view, action, contact, csmOwner));
        }
        return new Routing(match.get().name(), List.copyOf(deliveries));
    }

    /** The prefix of the signal's outbox keys, {@code expansion:<signalId>}. */
    public static String signalKey(ExpansionOpportunity e) {
        return "expansion:" + e.getSignalId();
    }

    private List<NewDelivery> plan(ExpansionView view, PlaybookAction action, Optional<AccountContact> contact,
                                   @Nullable String csmOwner) {
        return switch (action.type()) {
            case CSM_EMAIL -> csmEmail(view, action, csmOwner);
            case CUSTOMER_EMAIL -> List.of(customerEmail(view, action, contact));
            case SLACK -> List.of(row(view, action, Channel.SLACK, action.target(), slack.compose(view)));
            case WEBHOOK -> List.of(row(view, action, Channel.WEBHOOK, action.target(),
                    webhook.compose(view, key(view, action, action.target()))));
        };
    }

    private List<NewDelivery> csmEmail(ExpansionView view, PlaybookAction action, @Nullable String csmOwner) {
        RecipientPolicy.Choice csm = recipients.csm(csmOwner);
        List<NewDelivery> rows = new ArrayList<>();
        if (csm.refusal() != null) {
            rows.add(skipped(view, action, Channel.CSM_EMAIL, csm.refusal()));
        } else if (csm.address() == null) {
            rows.add(skipped(view, action, Channel.CSM_EMAIL, "no CSM owner on the profile and no mail.fallback-csm"));
        }
        if (csm.address() != null) {
            rows.add(row(view, action, Channel.CSM_EMAIL, csm.address(), csmEmail.compose(view)));
        }
        return rows;
    }

    private NewDelivery customerEmail(ExpansionView view, PlaybookAction action, Optional<AccountContact> contact) {
        String to = contact.map(AccountContact::contactEmail).orElse(null);
        if (to == null || to.isBlank()) {
            return skipped(view, action, Channel.CUSTOMER_EMAIL, "no contact email on the account profile");
        }
        RecipientPolicy.Choice choice = recipients.customer(to);
        return choice.address() == null
                ? skipped(view, action, Channel.CUSTOMER_EMAIL, choice.refusal())
                : row(view, action, Channel.CUSTOMER_EMAIL, choice.address(), customerEmail.compose(view,
                        action.template(), contact.map(AccountContact::contactLanguage).orElse(null)));
    }

    private static NewDelivery row(ExpansionView view, PlaybookAction action, Channel channel, String target,
                                   ComposedMessage message) {
        return new NewDelivery(key(view, action, target), null, view.accountId(), channel, target,
                message.subject(), message.body(), DeliveryStatus.PENDING, null);
    }

    private static NewDelivery skipped(ExpansionView view, PlaybookAction action, Channel channel, String why) {
        return new NewDelivery(key(view, action, "-"), null, view.accountId(), channel, "-", null, "",
                DeliveryStatus.SKIPPED, why);
    }

    private static String key(ExpansionView view, PlaybookAction action, String target) {
        return view.signalKey() + ":" + action.type().yamlName() + ":" + target;
    }
}
