package io.healthscore.alert.digest;

import io.healthscore.alert.compose.ComposedMessage;
import io.healthscore.alert.compose.DigestComposer;
import io.healthscore.alert.compose.DigestComposer.RenewalAtRisk;
import io.healthscore.alert.config.DigestConfig;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.alert.store.ScoreRecord;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.avro.HealthLevel;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one digest email per CSM per day into the outbox: the CSM's open (and acknowledged) alerts and the
 * renewals within {@code digest.renewal-horizon-days} whose latest level is at or below
 * {@code digest.at-risk-level}. The key {@code digest:<csm>:<day>} makes a second run on the same day a no-op,
 * so several instances may run the schedule.
 */
@Singleton
public final class DigestJob {

    private static final Logger LOG = LoggerFactory.getLogger(DigestJob.class);

    private final DigestConfig config;
    private final Database db;
    private final AlertRepository alerts;
    private final ProfileRepository profiles;
    private final HistoryRepository history;
    private final DeliveryRepository deliveries;
    private final DigestComposer composer;
    private final Clock clock;

    public DigestJob(DigestConfig config, Database db, AlertRepository alerts, ProfileRepository profiles,
                     HistoryRepository history, DeliveryRepository deliveries, DigestComposer composer, Clock clock) {
        this.config = config;
        this.db = db;
        this.alerts = alerts;
        this.profiles = profiles;
        this.history = history;
        this.deliveries = deliveries;
        this.composer = composer;
        this.clock = clock;
    }

    @Scheduled(cron = "${digest.cron}", zoneId = "${digest.zone}")
    void daily() {
        if (config.enabled()) {
            try {
                composeFor(LocalDate.now(clock.withZone(ZoneId.of(config.zone()))));
            } catch (RuntimeException e) {
                LOG.warn("Daily digest failed, next run tries again: {}", e.getMessage());
            }
        }
    }

    /** Queues the digests of {@code day}. @return how many were newly queued */
    public int composeFor(LocalDate day) {
        HealthLevel atRisk = HealthLevel.valueOf(config.atRiskLevel());
        return db.inTransaction(c -> {
            Map<String, List<StoredAlert>> open = new TreeMap<>();
            for (StoredAlert a : alerts.unresolved(c)) {
                if (a.csmOwner() != null) {
                    open.computeIfAbsent(a.csmOwner(), k -> new ArrayList<>()).add(a);
                }
            }
            Map<String, List<RenewalAtRisk>> renewals = new TreeMap<>();
            for (AccountContact account : profiles.renewingBetween(c, day, day.plusDays(config.renewalHorizonDays()))) {
                Optional<String> level = latestLevel(c, account.accountId());
                if (account.csmOwner() != null && level.isPresent()
                        && HealthLevel.valueOf(level.get()).ordinal() <= atRisk.ordinal()) {
                    renewals.computeIfAbsent(account.csmOwner(), k -> new ArrayList<>())
                            .add(new RenewalAtRisk(account, level.get()));
                }
            }
            int queued = 0;
            java.util.Set<String> csms = new java.util.TreeSet<>(open.keySet());
            csms.addAll(renewals.keySet());
            for (String csm : csms) {
                ComposedMessage message = composer.compose(day, open.getOrDefault(csm, List.of()),
                        renewals.getOrDefault(csm, List.of()), config.renewalHorizonDays());
                if (deliveries.insert(c, new NewDelivery("digest:" + csm + ":" + day, null, null, Channel.CSM_EMAIL,
                        csm, message.subject(), message.body(), DeliveryStatus.PENDING, null), clock.instant())) {
                    queued++;
                }
            }
            LOG.info("Queued {} digests for {}", queued, day);
            return queued;
        });
    }

    private Optional<String> latestLevel(Connection c, String accountId) throws SQLException {
        Optional<ScoreRecord> score = history.latestScore(c, accountId);
        if (score.isPresent()) {
            return Optional.of(score.get().level());
        }
        List<StoredAlert> accountAlerts = alerts.forAccount(c, accountId);
        return accountAlerts.isEmpty() ? Optional.empty()
                : Optional.of(accountAlerts.get(accountAlerts.size() - 1).level());
    }
}
