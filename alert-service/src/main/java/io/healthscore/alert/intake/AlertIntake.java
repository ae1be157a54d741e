package io.healthscore.alert.intake;

import io.healthscore.alert.delivery.PersonalNotices;
import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.escalation.Escalator;
import io.healthscore.alert.metrics.AlertMetrics;
import io.healthscore.alert.playbook.AlertRouter;
import io.healthscore.alert.playbook.Routing;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.AlertStatus;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.Severity;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a churn-risk alert and its outbox rows in one transaction: a replayed alert (same alertId) changes
 * nothing; an alert in cooldown is stored as SUPPRESSED without actions; otherwise the router's rows are written
 * (those that need a profile not stored yet wait for it: {@link ProfileWait}) and, for an IMMINENT alert, earlier tech-touched alerts of the account are escalated.
 */
@Singleton
public final class AlertIntake implements RecordHandler<ChurnRiskAlert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertIntake.class);

    private final Database db;
    private final AlertRepository alerts;
    private final PersonalNotices notices;
    private final ProfileRepository profiles;
    private final CooldownPolicy cooldown;
    private final AlertRouter router;
    private final ProfileWait profileWait;
    private final Escalator escalator;
    private final MailConfig mail;
    private final AlertMetrics metrics;
    private final Clock clock;

    public AlertIntake(Database db, AlertRepository alerts, PersonalNotices notices, ProfileRepository profiles,
                       CooldownPolicy cooldown, AlertRouter router, ProfileWait profileWait, Escalator escalator,
                       MailConfig mail, AlertMetrics metrics, Clock clock) {
        this.db = db;
        this.alerts = alerts;
        this.notices = notices;
        this.profiles = profiles;
        this.cooldown = cooldown;
        this.router = router;
        this.profileWait = profileWait;
        this.escalator = escalator;
        this.mail = mail;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handle(String key, ChurnRiskAlert alert, int partition, long offset) {
        if (alert == null) {
            return; // Alerts are never deleted by tombstone.
        }
        RecordValues.check(alert);
        String outcome = db.inTransaction(c -> {
            Instant now = clock.instant();
            Optional<AccountContact> contact = profiles.find(c, alert.getAccountId());
            String csm = firstNonBlank(alert.getCsmOwnerEmail(), contact.map(AccountContact::csmOwner).orElse(null),
                    mail.fallbackCsm());
            Optional<String> suppressed = cooldown.suppression(c, alert);
            Routing routing = suppressed.isPresent() ? new Routing(null, java.util.List.of())
                    : router.route(alert, contact, csm);
            boolean isNew = alerts.insert(c, alert, csm,
                    suppressed.isPresent() ? AlertStatus.SUPPRESSED : AlertStatus.OPEN,
                    suppressed.orElse(routing.playbook() == null ? "no playbook matched" : null),
                    routing.playbook(), now, partition, offset);
            if (!isNew) {
                return "replayed";
            }
            for (NewDelivery d : profileWait.admit(c, alert, contact, routing, now)) {
                notices.write(c, d, now);
            }
            if (suppressed.isEmpty() && alert.getSeverity() == Severity.IMMINENT) {
                escalator.onImminentAlert(c, alert.getAccountId(), alert.getAlertId(), alert.getRaisedAt(), now);
            }
            return suppressed.isPresent() ? "suppressed" : "new";
        });
        metrics.alertIn(outcome);
        LOG.info("Alert {} for account {} ({} {}): {}", alert.getAlertId(), alert.getAccountId(), alert.getSeverity(),
                alert.getRule(), outcome);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
