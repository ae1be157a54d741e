package io.healthscore.alert.digest;

import io.healthscore.alert.compose.ComposedMessage;
import io.healthscore.alert.compose.DigestComposer;
import io.healthscore.alert.compose.DigestComposer.Held;
import io.healthscore.alert.compose.DigestComposer.RenewalAtRisk;
import io.healthscore.alert.config.DigestConfig;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.AlertRepository.OwnedAlert;
import io.healthscore.alert.delivery.PersonalNotices;
import io.healthscore.alert.identity.Teams;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.alert.store.DeliveryRepository.HeldNotice;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.Notifications;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.alert.store.ProfileRepository.OwnedRenewal;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.alert.store.UserSettingsRepository;
import io.healthscore.alert.store.UserSettingsRepository.Settings;
import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.Severity;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one digest per person per day into the outbox: the open (and acknowledged) alerts of their accounts, the
 * renewals within {@code digest.renewal-horizon-days} whose latest level is at or below
 * {@code digest.at-risk-level}, and the notices held for the person's digest that no earlier digest listed (those
 * of people who chose the digest over notices at once, from at most a week ago): at most {@code digest.max-alerts} alerts and notices and
 * {@code digest.max-renewals} renewals listed (the most urgent alerts, the soonest renewals, the newest notices), with
 * how many more there are. Each person's settings ({@link Notifications}) decide the channels (e-mail, their Slack)
 * and whose accounts: their own, or for a lead who chose it their team's too ({@link Teams}); someone with every
 * channel off gets none. The key {@code digest:<person>:<day>} makes a second run on the same day a no-op, so
 * several instances may run the schedule.
 */
@Singleton
public final class DigestJob {

    private static final Logger LOG = LoggerFactory.getLogger(DigestJob.class);
    /**
     * A digest lists the notices held for its person and not listed by an earlier digest (a missed or failed run
     * leaves them for the next), from at most this long ago.
     */
    static final Duration HELD_FOR_AT_MOST = Duration.ofDays(7);

    private static final Comparator<StoredAlert> ALERT_ORDER = Comparator
            .comparingInt((StoredAlert a) -> urgency(a.severity())).reversed()
            .thenComparing(StoredAlert::raisedAt, Comparator.reverseOrder()).thenComparing(StoredAlert::alertId);
    private static final Comparator<RenewalAtRisk> RENEWAL_ORDER = Comparator
            .comparing((RenewalAtRisk r) -> r.account().renewalDate()).thenComparing(r -> r.account().accountId());
    private static final Comparator<Held> HELD_ORDER = Comparator.comparing(Held::at, Comparator.reverseOrder());

    private final DigestConfig config;
    private final Database db;
    private final AlertRepository alerts;
    private final ProfileRepository profiles;
    private final DeliveryRepository deliveries;
    private final DigestComposer composer;
    private final PersonalNotices notices;
    private final UserSettingsRepository settings;
    private final Teams teams;
    private final Clock clock;

    public DigestJob(DigestConfig config, Database db, AlertRepository alerts, ProfileRepository profiles,
                     DeliveryRepository deliveries, DigestComposer composer, PersonalNotices notices,
                     UserSettingsRepository settings, Teams teams, Clock clock) {
        this.config = config;
        this.db = db;
        this.alerts = alerts;
        this.profiles = profiles;
        this.deliveries = deliveries;
        this.composer = composer;
        this.notices = notices;
        this.settings = settings;
        this.teams = teams;
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

    /** Queues the digests of {@code day}. @return to how many people a digest was newly queued */
    public int composeFor(LocalDate day) {
        List<String> atRiskLevels = Arrays.stream(HealthLevel.values())
                .filter(l -> l.ordinal() <= HealthLevel.valueOf(config.atRiskLevel()).ordinal()).map(Enum::name).toList();
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            // Every read is limited per owner in the database; only the counts say how many more there are.
            Map<String, Listed<StoredAlert>> open = new TreeMap<>();
            for (OwnedAlert a : alerts.unresolvedPerOwner(c, config.maxAlerts())) {
                open.computeIfAbsent(a.owner(), k -> new Listed<>(a.ownerTotal())).items.add(a.alert());
            }
            Map<String, Listed<RenewalAtRisk>> renewals = new TreeMap<>();
            for (OwnedRenewal r : profiles.renewalsAtRisk(c, day, day.plusDays(config.renewalHorizonDays()),
                    atRiskLevels, config.maxRenewals())) {
                renewals.computeIfAbsent(lower(r.account().csmOwner()), k -> new Listed<>(r.ownerTotal())).items
                        .add(new RenewalAtRisk(r.account(), r.level()));
            }
            Map<String, Listed<Held>> held = new TreeMap<>();
            for (HeldNotice h : deliveries.heldForDigest(c, now.minus(HELD_FOR_AT_MOST), now, config.maxAlerts())) {
                held.computeIfAbsent(h.recipient(), k -> new Listed<>(h.recipientTotal())).items
                        .add(new Held(h.at(), h.subject()));
            }
            Set<String> owners = new TreeSet<>(open.keySet());
            owners.addAll(renewals.keySet());
            owners.addAll(held.keySet());
            Set<String> people = new TreeSet<>(owners);
            owners.forEach(o -> people.addAll(teams.leadsOf(o)));
            Map<String, Settings> saved = settings.findAll(c, people);
            int queued = 0;
            int silent = 0;
            for (String person : people) {
                Notifications n = saved.containsKey(person) ? saved.get(person).notifications() : Notifications.DEFAULTS;
                Set<String> covered = new TreeSet<>(Set.of(person));
                if (n.reach() == Notifications.Reach.TEAM) {
                    covered.addAll(teams.teamOf(person));
                } else if (!owners.contains(person)) {
                    continue; // a lead of someone with a digest, who did not ask for their team's
                }
                Listed<StoredAlert> a = merged(open, covered, ALERT_ORDER, config.maxAlerts());
                Listed<RenewalAtRisk> r = merged(renewals, covered, RENEWAL_ORDER, config.maxRenewals());
                // Held notices are the person's own: a team's were held for the lead when the lead chose so.
                Listed<Held> h = merged(held, Set.of(person), HELD_ORDER, config.maxAlerts());
                if (a.total == 0 && r.total == 0 && h.total == 0) {
                    continue;
                }
                if (!n.anyChannel()) {
                    silent++;
                    continue;
                }
                ComposedMessage message = composer.compose(day, a.items, a.more(), r.items, r.more(), h.items, h.more(),
                        config.renewalHorizonDays());
                boolean any = false;
                String key = "digest:" + person + ":" + day;
                for (NewDelivery d : notices.to(key, null, null, person, n, message)) {
                    any |= deliveries.insert(c, d, now);
                }
                if (any) {
                    deliveries.markListed(c, person, now, key);
                    queued++;
                }
            }
            LOG.info("Queued {} digests for {}{}", queued, day,
                    silent == 0 ? "" : " (" + silent + " people with every notice channel off got none)");
            return queued;
        });
    }

    /** The items of {@code covered} owners, most urgent first, at most {@code max}, and how many there are in all. */
    private static <T> Listed<T> merged(Map<String, Listed<T>> byOwner, Set<String> covered, Comparator<T> order,
                                        int max) {
        List<T> items = new ArrayList<>();
        int total = 0;
        for (String owner : covered) {
            Listed<T> l = byOwner.get(owner);
            if (l != null) {
                items.addAll(l.items);
                total += l.total;
            }
        }
        items.sort(order);
        Listed<T> out = new Listed<>(total);
        out.items.addAll(items.subList(0, Math.min(max, items.size())));
        return out;
    }

    private static int urgency(String severity) {
        for (Severity s : Severity.values()) {
            if (s.name().equals(severity)) {
                return s.ordinal();
            }
        }
        return -1;
    }

    private static String lower(String owner) {
        return owner.strip().toLowerCase(Locale.ROOT);
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
