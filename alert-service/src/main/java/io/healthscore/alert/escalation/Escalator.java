package io.healthscore.alert.escalation;

import io.healthscore.alert.compose.ComposedMessage;
import io.healthscore.alert.compose.EscalationComposer;
import io.healthscore.alert.config.EscalationConfig;
import io.healthscore.alert.config.LinkConfig;
import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.delivery.RecipientPolicy;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.EscalationRepository;
import io.healthscore.alert.store.EscalationRepository.StoredAlertRef;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.ProfileRepository;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates to the CSM when automation did not help: an alert whose customer email (tech touch) was delivered,
 * followed within {@code escalation.window} (measured on event times) by a lower score or by an IMMINENT alert,
 * is escalated. An account has at most one escalation per window: the first trigger opens it with one CSM email
 * carrying the account's history; a later trigger within the window of its opening joins it (the alerts are
 * recorded as escalated, the escalation counts the trigger) and mails nobody. The escalations table's key on the
 * alert id makes each alert escalated once, also when records are replayed; a per-account lock makes the score
 * lane, the alert lane and other instances see each other's open escalation. Runs inside the intake transaction of the triggering record, so the
 * history it reads is the latest {@code escalation.max-alerts}, {@code max-deliveries} and {@code max-scores}. The
 * CSM goes through the {@link RecipientPolicy} as for alerts: a refused owner is not mailed, the escalation goes to
 * the fallback CSM, and a SKIPPED row keeps the reason.
 */
@Singleton
public final class Escalator {

    private static final Logger LOG = LoggerFactory.getLogger(Escalator.class);

    private final EscalationConfig config;
    private final MailConfig mail;
    private final LinkConfig links;
    private final RecipientPolicy recipients;
    private final EscalationRepository escalations;
    private final AlertRepository alerts;
    private final DeliveryRepository deliveries;
    private final HistoryRepository history;
    private final ProfileRepository profiles;
    private final EscalationComposer composer;

    public Escalator(EscalationConfig config, MailConfig mail, LinkConfig links, RecipientPolicy recipients,
                     EscalationRepository escalations,
                     AlertRepository alerts, DeliveryRepository deliveries, HistoryRepository history,
                     ProfileRepository profiles, EscalationComposer composer) {
        this.config = config;
        this.mail = mail;
        this.links = links;
        this.recipients = recipients;
        this.escalations = escalations;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.history = history;
        this.profiles = profiles;
        this.composer = composer;
    }

    /** A new score: escalate tech-touched alerts whose score it is below. */
    public int onScore(Connection c, String accountId, double score, Instant evaluatedAt, Instant now)
            throws SQLException {
        return escalate(c, accountId, evaluatedAt, ref -> score < ref.score(),
                "score fell to " + String.format(java.util.Locale.ROOT, "%.1f", score) + " after the tech-touch email",
                now);
    }

    /** A new IMMINENT alert: escalate the account's other tech-touched alerts. */
    public int onImminentAlert(Connection c, String accountId, String alertId, Instant raisedAt, Instant now)
            throws SQLException {
        return escalate(c, accountId, raisedAt, ref -> !ref.alertId().equals(alertId),
                "IMMINENT alert " + alertId + " followed the tech-touch email", now);
    }

    /**
     * @return how many alerts were escalated: in a new escalation (one CSM email for all of them) or in the account's
     * open one (no email)
     */
    private int escalate(Connection c, String accountId, Instant eventTime, Predicate<StoredAlertRef> triggered,
                         String trigger, Instant now) throws SQLException {
        if (!config.enabled()) {
            return 0;
        }
        List<StoredAlertRef> due = escalations.techTouchedBetween(c, accountId, eventTime.minus(config.window()),
                eventTime).stream().filter(triggered).toList();
        if (due.isEmpty()) {
            return 0;
        }
        escalations.lockAccount(c, accountId);
        Optional<String> open = escalations.openSince(c, accountId, eventTime.minus(config.window()));
        List<StoredAlertRef> fresh = due.stream().filter(ref -> !ref.escalated()).toList();
        if (open.isEmpty() && fresh.isEmpty()) {
            return 0; // every alert it concerns was escalated in an earlier window already
        }
        String escalationId = open.orElseGet(() -> "esc-" + fresh.get(0).alertId());
        if (open.isEmpty()) {
            escalations.open(c, escalationId, accountId, eventTime, trigger, now);
        }
        List<StoredAlertRef> joined = new ArrayList<>();
        for (StoredAlertRef ref : fresh) {
            if (escalations.insert(c, ref.alertId(), accountId, trigger, now, escalationId)) {
                joined.add(ref);
            }
        }
        if (open.isPresent()) {
            escalations.join(c, escalationId, trigger, now);
            LOG.info("A trigger for account {} joined its open escalation {} (alerts added: {}): {}", accountId,
                    escalationId, joined.stream().map(StoredAlertRef::alertId).toList(), trigger);
            return joined.size();
        }
        if (joined.isEmpty()) {
            return 0;
        }
        mailCsm(c, accountId, joined.get(0), trigger, now);
        LOG.info("Escalated alerts {} of account {} to its CSM ({}): {}",
                joined.stream().map(StoredAlertRef::alertId).toList(), accountId, escalationId, trigger);
        return joined.size();
    }

    /** One CSM email carrying the account's latest alerts, deliveries and scores. */
    private void mailCsm(Connection c, String accountId, StoredAlertRef first, String trigger, Instant now)
            throws SQLException {
        Optional<AccountContact> contact = profiles.find(c, accountId);
        RecipientPolicy.Choice csm = recipients.csm(first.csmOwner() != null ? first.csmOwner()
                : contact.map(AccountContact::csmOwner).orElse(mail.fallbackCsm()));
        String name = contact.map(AccountContact::name).filter(n -> n != null && !n.isBlank()).orElse(accountId);
        ComposedMessage message = composer.compose(accountId, name, links.accountLink(accountId), trigger,
                alerts.latestForAccount(c, accountId, config.maxAlerts()),
                deliveries.latestForAccount(c, accountId, config.maxDeliveries()),
                history.latestScores(c, accountId, config.maxScores()));
        String key = "escalation:" + first.alertId() + ":csm-email:";
        if (csm.refusal() != null || csm.address() == null) {
            deliveries.insert(c, new NewDelivery(key + "-", first.alertId(), accountId, Channel.CSM_EMAIL, "-",
                    message.subject(), "", DeliveryStatus.SKIPPED, csm.refusal() != null ? csm.refusal()
                    : "escalation without a CSM owner or mail.fallback-csm"), now);
        }
        if (csm.address() != null) {
            deliveries.insert(c, new NewDelivery(key + csm.address(), first.alertId(), accountId, Channel.CSM_EMAIL,
                    csm.address(), message.subject(), message.body(), DeliveryStatus.PENDING, null), now);
        }
    }
}
