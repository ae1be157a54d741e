package io.healthscore.alert.playbook;

import io.healthscore.alert.compose.ComposedMessage;
import io.healthscore.alert.compose.CsmEmailComposer;
import io.healthscore.alert.compose.CustomerEmailComposer;
import io.healthscore.alert.compose.SlackMessageComposer;
import io.healthscore.alert.compose.TransitionView;
import io.healthscore.alert.compose.WebhookPayloadComposer;
import io.healthscore.alert.config.LinkConfig;
import io.healthscore.alert.delivery.RecipientPolicy;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.avro.LevelTransition;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a level transition into outbox rows: finds the first matching transition playbook (alert playbooks never
 * match one) and renders each action for its recipient, as {@link AlertRouter} does for alerts. A transition is
 * identified by {@code transition:<accountId>:<toLevel>:<transitionedAt>} (the stored transition's key), and its
 * rows by {@code <transitionId>:<action>:<target>}, so a transition routed twice never yields a second row for the
 * same receiver. Recipients go through the same {@link RecipientPolicy}; the CSM is the profile's (a transition
 * names none), else the fallback. Pure: no I/O.
 */
@Singleton
public final class TransitionRouter {

    private final PlaybookCatalog playbooks;
    private final LinkConfig links;
    private final RecipientPolicy recipients;
    private final CsmEmailComposer csmEmail;
    private final CustomerEmailComposer customerEmail;
    private final SlackMessageComposer slack;
    private final WebhookPayloadComposer webhook;

    public TransitionRouter(PlaybookCatalog playbooks, LinkConfig links, RecipientPolicy recipients,
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

    /** The transition playbook that decides this transition's actions, if any. */
    public Optional<Playbook> playbookFor(LevelTransition t) {
        return playbooks.firstMatch(new TransitionFacts(t.getFromLevel(), t.getToLevel(), t.getDirection(),
                t.getCoverageModel(), t.getSegment()));
    }

    /**
     * @param csmOwner the CSM responsible (the profile's, else the configured fallback)
     */
    public Routing route(LevelTransition t, Optional<AccountContact> contact, @Nullable String csmOwner) {
        Optional<Playbook> match = playbookFor(t);
        if (match.isEmpty()) {
            return new Routing(null, List.of());
        }
        String id = transitionId(t);
        String name = contact.map(AccountContact::name).filter(n -> n != null && !n.isBlank())
                .orElse(t.getAccountId());
        TransitionView view = new TransitionView(t, id, name, links.accountLink(t.getAccountId()),
                links.customerLink(t.getAccountId()).orElse(null),
                contact.map(AccountContact::renewalDate).orElse(null));
        List<NewDelivery> deliveries = new ArrayList<>();
        for (PlaybookAction action : match.get().actions()) {
            deliveries.addAll(plan(view, action, contact, csmOwner));
        }
        return new Routing(match.get().name(), List.copyOf(deliveries));
    }

    /** The transition's identity: the stored row's key, {@code transition:<accountId>:<toLevel>:<transitionedAt>}. */
    public static String transitionId(LevelTransition t) {
        return "transition:" + t.getAccountId() + ":" + t.getToLevel() + ":" + t.getTransitionedAt();
    }

    private List<NewDelivery> plan(TransitionView view, PlaybookAction action, Optional<AccountContact> contact,
                                   @Nullable String csmOwner) {
        return switch (action.type()) {
            case CSM_EMAIL -> csmEmail(view, action, csmOwner);
            case CUSTOMER_EMAIL -> List.of(customerEmail(view, action, contact));
            case SLACK -> List.of(row(view, action, Channel.SLACK, action.target(), slack.compose(view)));
            case WEBHOOK -> List.of(row(view, action, Channel.WEBHOOK, action.target(),
                    webhook.compose(view, key(view, action, action.target()))));
        };
    }

    private List<NewDelivery> csmEmail(TransitionView view, PlaybookAction action, @Nullable String csmOwner) {
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

    private NewDelivery customerEmail(TransitionView view, PlaybookAction action, Optional<AccountContact> contact) {
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

    private static NewDelivery row(TransitionView view, PlaybookAction action, Channel channel, String target,
                                   ComposedMessage message) {
        return new NewDelivery(key(view, action, target), null, view.accountId(), channel, target,
                message.subject(), message.body(), DeliveryStatus.PENDING, null);
    }

    private static NewDelivery skipped(TransitionView view, PlaybookAction action, Channel channel, String why) {
        return new NewDelivery(key(view, action, "-"), null, view.accountId(), channel, "-", null, "",
                DeliveryStatus.SKIPPED, why);
    }

    private static String key(TransitionView view, PlaybookAction action, String target) {
        return view.transitionId() + ":" + action.type().yamlName() + ":" + target;
    }
}
