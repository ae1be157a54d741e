package io.healthscore.alert.intake;

import io.healthscore.alert.delivery.PersonalNotices;
import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.config.ProfileWaitConfig;
import io.healthscore.alert.playbook.AlertRouter;
import io.healthscore.alert.playbook.ExpansionRouter;
import io.healthscore.alert.playbook.Routing;
import io.healthscore.alert.playbook.TransitionRouter;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.PendingRouteRepository;
import io.healthscore.alert.store.PendingRouteRepository.Pending;
import io.healthscore.alert.store.PendingRouteRepository.PendingExpansion;
import io.healthscore.alert.store.PendingRouteRepository.PendingTransition;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.ExpansionOpportunity;
import io.healthscore.avro.LevelTransition;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles and alerts are different topics, read in no fixed order: an alert may be read before the CRM profile
 * that names its CSM and contact. Such an alert (no profile stored) holds back the deliveries that depend on the
 * profile (customer emails; CSM emails unless the alert names its CSM) for {@code routing.profile-wait.timeout}; its
 * other deliveries go at once. When the profile arrives its waiting alerts are routed in the profile's transaction;
 * when the wait ends first they are routed without it, and the rows that find no recipient are SKIPPED saying that
 * no profile arrived in time. Rows keep their idempotency keys, so routing twice writes nothing twice; waiting
 * alerts are taken with SKIP LOCKED, so several instances never route one twice. Level transitions that a
 * playbook acts on wait the same way (a transition names no CSM, so its CSM emails always need the profile), and so
 * do expansion signals.
 */
@Singleton
public final class ProfileWait {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileWait.class);
    private static final int EXPIRED_PER_RUN = 200;

    private final ProfileWaitConfig config;
    private final PendingRouteRepository pending;
    private final AlertRouter router;
    private final TransitionRouter transitionRouter;
    private final ExpansionRouter expansionRouter;
    private final AlertRepository alerts;
    private final ProfileRepository profiles;
    private final PersonalNotices notices;
    private final MailConfig mail;
    private final Database db;
    private final Clock clock;

    public ProfileWait(ProfileWaitConfig config, PendingRouteRepository pending, AlertRouter router,
                       TransitionRouter transitionRouter, ExpansionRouter expansionRouter, AlertRepository alerts,
                       ProfileRepository profiles, PersonalNotices notices, MailConfig mail, Database db,
                       Clock clock) {
        this.config = config;
        this.pending = pending;
        this.router = router;
        this.transitionRouter = transitionRouter;
        this.expansionRouter = expansionRouter;
        this.alerts = alerts;
        this.profiles = profiles;
        this.notices = notices;
        this.mail = mail;
        this.db = db;
        this.clock = clock;
    }

    /** The rows of a new alert to write now; without a profile the ones that need it wait, with the alert stored. */
    public List<NewDelivery> admit(Connection c, ChurnRiskAlert alert, Optional<AccountContact> contact,
                                   Routing routing, Instant now) throws SQLException {
        if (contact.isPresent() || config.timeout().isZero() || config.timeout().isNegative()) {
            return routing.deliveries();
        }
        boolean csmOnAlert = notBlank(alert.getCsmOwnerEmail());
        List<NewDelivery> go = routing.deliveries().stream().filter(d -> !needsProfile(d, csmOnAlert)).toList();
        if (go.size() < routing.deliveries().size()) {
            pending.insert(c, alert, now.plus(config.timeout()), now);
            LOG.info("Alert {} waits up to {} for the profile of account {}", alert.getAlertId(), config.timeout(),
                    alert.getAccountId());
        }
        return go;
    }

    /** The rows of an acted-on transition to write now; without a profile its emails wait, as an alert's do. */
    public List<NewDelivery> admit(Connection c, LevelTransition transition, Optional<AccountContact> contact,
                                   Routing routing, Instant now) throws SQLException {
        if (contact.isPresent() || config.timeout().isZero() || config.timeout().isNegative()) {
            return routing.deliveries();
        }
        List<NewDelivery> go = routing.deliveries().stream().filter(d -> !needsProfile(d, false)).toList();
        if (go.size() < routing.deliveries().size()) {
            String id = TransitionRouter.transitionId(transition);
            pending.insert(c, transition, id, now.plus(config.timeout()), now);
            LOG.info("Transition {} waits up to {} for the profile of account {}", id, config.timeout(),
                    transition.getAccountId());
        }
        return go;
    }

    /** The rows of an acted-on expansion signal to write now; without a profile its emails wait, as a transition's do. */
    public List<NewDelivery> admit(Connection c, ExpansionOpportunity signal, Optional<AccountContact> contact,
                                   Routing routing, Instant now) throws SQLException {
        if (contact.isPresent() || config.timeout().isZero() || config.timeout().isNegative()) {
            return routing.deliveries();
        }
        List<NewDelivery> go = routing.deliveries().stream().filter(d -> !needsProfile(d, false)).toList();
        if (go.size() < routing.deliveries().size()) {
            pending.insert(c, signal, now.plus(config.timeout()), now);
            LOG.info("Expansion signal {} waits up to {} for the profile of account {}", signal.getSignalId(),
                    config.timeout(), signal.getAccountId());
        }
        return go;
    }

    /**
     * The account's profile was stored: its waiting alerts, transitions and expansion signals are routed with it, in
     * its transaction.
     */
    public int release(Connection c, String accountId, Instant now) throws SQLException {
        // Alerts read before any profile named a CSM (those with nothing to wait for too) belong to this one: the
        // digest and the inbox list alerts by owner.
        String csm = profiles.find(c, accountId).map(AccountContact::csmOwner).filter(ProfileWait::notBlank)
                .orElse(null);
        if (csm != null) {
            alerts.assignCsmWhereUnknown(c, accountId, csm);
        }
        List<Pending> waiting = pending.takeForAccount(c, accountId);
        for (Pending p : waiting) {
            route(c, p, null, now);
        }
        List<PendingTransition> transitions = pending.takeTransitionsForAccount(c, accountId);
        for (PendingTransition p : transitions) {
            route(c, p, null, now);
        }
        List<PendingExpansion> expansions = pending.takeExpansionsForAccount(c, accountId);
        for (PendingExpansion p : expansions) {
            route(c, p, null, now);
        }
        return waiting.size() + transitions.size() + expansions.size();
    }

    /** Routes the alerts and transitions whose wait is over without their profile. */
    @Scheduled(fixedDelay = "${routing.profile-wait.check-interval}",
            initialDelay = "${routing.profile-wait.check-interval}")
    void expire() {
        int routed = db.inTransaction(c -> {
            Instant now = clock.instant();
            List<Pending> expired = pending.takeExpired(c, now, EXPIRED_PER_RUN);
            for (Pending p : expired) {
                route(c, p, " (no profile arrived within " + config.timeout() + ")", now);
            }
            List<PendingTransition> transitions = pending.takeExpiredTransitions(c, now, EXPIRED_PER_RUN);
            for (PendingTransition p : transitions) {
                route(c, p, " (no profile arrived within " + config.timeout() + ")", now);
            }
            List<PendingExpansion> expansions = pending.takeExpiredExpansions(c, now, EXPIRED_PER_RUN);
            for (PendingExpansion p : expansions) {
                route(c, p, " (no profile arrived within " + config.timeout() + ")", now);
            }
            return expired.size() + transitions.size() + expansions.size();
        });
        if (routed > 0) {
            LOG.info("Routed {} alerts, transitions and expansion signals whose profile did not arrive within {}", routed,
                    config.timeout());
        }
    }

    private void route(Connection c, Pending p, String skippedBecause, Instant now) throws SQLException {
        ChurnRiskAlert alert = p.alert();
        if (alert == null) {
            LOG.warn("Alert {} of account {} waited for its profile in a form this version cannot read; its CSM and "
                    + "customer emails are not sent", p.alertId(), p.accountId());
            return;
        }
        Optional<AccountContact> contact = profiles.find(c, p.accountId());
        String profileCsm = contact.map(AccountContact::csmOwner).filter(ProfileWait::notBlank).orElse(null);
        boolean csmOnAlert = notBlank(alert.getCsmOwnerEmail());
        String csm = csmOnAlert ? alert.getCsmOwnerEmail() : profileCsm != null ? profileCsm : mail.fallbackCsm();
        if (!csmOnAlert && profileCsm != null) {
            alerts.assignCsm(c, alert.getAlertId(), profileCsm);
        }
        for (NewDelivery d : router.route(alert, contact, csm).deliveries()) {
            if (!needsProfile(d, csmOnAlert)) {
                continue; // written when the alert was read
            }
            insert(c, d, skippedBecause, now);
        }
    }

    private void route(Connection c, PendingTransition p, String skippedBecause, Instant now) throws SQLException {
        LevelTransition transition = p.transition();
        if (transition == null) {
            LOG.warn("Transition {} of account {} waited for its profile in a form this version cannot read; its CSM "
                    + "and customer emails are not sent", p.transitionId(), p.accountId());
            return;
        }
        Optional<AccountContact> contact = profiles.find(c, p.accountId());
        String csm = contact.map(AccountContact::csmOwner).filter(ProfileWait::notBlank).orElse(mail.fallbackCsm());
        for (NewDelivery d : transitionRouter.route(transition, contact, csm).deliveries()) {
            if (needsProfile(d, false)) {
                insert(c, d, skippedBecause, now);
            }
        }
    }

    private void route(Connection c, PendingExpansion p, String skippedBecause, Instant now) throws SQLException {
        ExpansionOpportunity signal = p.signal();
        if (signal == null) {
            LOG.warn("Expansion signal {} of account {} waited for its profile in a form this version cannot read; "
                    + "its CSM and customer emails are not sent", p.signalId(), p.accountId());
            return;
        }
        Optional<AccountContact> contact = profiles.find(c, p.accountId());
        String csm = contact.map(AccountContact::csmOwner).filter(ProfileWait::notBlank).orElse(mail.fallbackCsm());
        for (NewDelivery d : expansionRouter.route(signal, contact, csm).deliveries()) {
            if (needsProfile(d, false)) {
                insert(c, d, skippedBecause, now);
            }
        }
    }

    private void insert(Connection c, NewDelivery d, String skippedBecause, Instant now) throws SQLException {
        notices.write(c, skippedBecause != null && d.status() == DeliveryStatus.SKIPPED
                ? new NewDelivery(d.idempotencyKey(), d.alertId(), d.accountId(), d.channel(), d.target(),
                        d.subject(), d.body(), d.status(), d.note() + skippedBecause)
                : d, now);
    }

    private static boolean needsProfile(NewDelivery d, boolean csmOnAlert) {
        return d.channel() == Channel.CUSTOMER_EMAIL || d.channel() == Channel.CSM_EMAIL && !csmOnAlert;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
