package io.healthscore.alert.digest;

import io.healthscore.alert.compose.ComposedMessage;
import io.healthscore.alert.compose.DigestComposer;
import io.healthscore.alert.compose.DigestComposer.RenewalAtRisk;
import io.healthscore.alert.config.DigestConfig;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.AlertRepository.OwnedAlert;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.alert.store.DeliveryStatus;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.alert.store.ProfileRepository.OwnedRenewal;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.avro.HealthLevel;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one digest email per CSM per day into the outbox: the CSM's open (and acknowledged) alerts and the
 * renewals within {@code digest.renewal-horizon-days} whose latest level is at or below
 * {@code digest.at-risk-level}: at most {@code digest.max-alerts} and {@code digest.max-renewals} of them listed
 * (the most urgent alerts, the soonest renewals), with how many more there are. The key {@code digest:<csm>:<day>}
 * makes a second run on the same day a no-op, so several instances may run the schedule.
 */
@Singleton
public final class DigestJob {

    private static final Logger LOG = LoggerFactory.getLogger(DigestJob.class);

    private final DigestConfig config;
    private final Database db;
    private final AlertRepository alerts;
    private final ProfileRepository profiles;
    private final DeliveryRepository deliveries;
    private final DigestComposer composer;
    private final Clock clock;

    public DigestJob(DigestConfig config, Database db, AlertRepository alerts, ProfileRepository profiles,
                     DeliveryRepository deliveries, DigestComposer composer, Clock clock) {
        this.config = config;
        this.db = db;
        this.alerts = alerts;
        this.profiles = profiles;
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
        List<String> atRiskLevels = Arrays.stream(HealthLevel.values())
                .filter(l -> l.ordinal() <= HealthLevel.valueOf(config.atRiskLevel()).ordinal()).map(Enum::name).toList();
        return db.inTransaction(c -> {
            // Both reads are limited per CSM in the database; only the counts say how many more there are.
            Map<String, Listed<StoredAlert>> open = new TreeMap<>();
            for (OwnedAlert a : alerts.unresolvedPerOwner(c, config.maxAlerts())) {
                open.computeIfAbsent(a.alert().csmOwner(), k -> new Listed<>(a.ownerTotal())).items.add(a.alert());
            }
            Map<String, Listed<RenewalAtRisk>> renewals = new TreeMap<>();
            for (OwnedRenewal r : profiles.renewalsAtRisk(c, day, day.plusDays(config.renewalHorizonDays()),
                    atRiskLevels, config.maxRenewals())) {
                renewals.computeIfAbsent(r.account().csmOwner(), k -> new Listed<>(r.ownerTotal())).items
                        .add(new RenewalAtRisk(r.account(), r.level()));
            }
            int queued = 0;
            Set<String> csms = new TreeSet<>(open.keySet());
            csms.addAll(renewals.keySet());
            for (String csm : csms) {
                Listed<StoredAlert> a = open.getOrDefault(csm, new Listed<>(0));
                Listed<RenewalAtRisk> r = renewals.getOrDefault(csm, new Listed<>(0));
                ComposedMessage message = composer.compose(day, a.items, a.more(), r.items, r.more(),
                        config.renewalHorizonDays());
                if (deliveries.insert(c, new NewDelivery("digest:" + csm + ":" + day, null, null, Channel.CSM_EMAIL,
                        csm, message.subject(), message.body(), DeliveryStatus.PENDING, null), clock.instant())) {
                    queued++;
                }
            }
            LOG.info("Queued {} digests for {}", queued, day);
            return queued;
        });
    }

    /** The items of one CSM that the digest lists, and how many there are in all. */
    private static final class Listed<T> {
        final List<T> items = new ArrayList<>();
        final int total;

        Listed(int total) {
            this.total = total;
        }

        int more() {
            return Math.max(0, total - items.size());
        }
    }
}
