package io.healthscore.alert.intake;

import io.healthscore.alert.delivery.PersonalNotices;
import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.playbook.ExpansionRouter;
import io.healthscore.alert.playbook.Playbook;
import io.healthscore.alert.playbook.Routing;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.ExpansionRepository;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.avro.ExpansionOpportunity;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores an expansion signal in {@code expansion_signals} and, when an expansion playbook matches it, its outbox
 * rows, all in one transaction, as {@link TransitionIntake} does for level transitions: a replayed signal (same
 * signalId) changes nothing; one in the playbook's cooldown for the account is stored as SUPPRESSED without
 * actions; otherwise the router's rows are written, and those that need a profile not stored yet wait for it
 * ({@link ProfileWait}). A signal is never an alert: it is in no alert list, inbox, digest or escalation.
 */
@Singleton
public final class ExpansionIntake implements RecordHandler<ExpansionOpportunity> {

    private static final Logger LOG = LoggerFactory.getLogger(ExpansionIntake.class);

    private final Database db;
    private final ExpansionRepository expansions;
    private final ProfileRepository profiles;
    private final PersonalNotices notices;
    private final CooldownPolicy cooldown;
    private final ExpansionRouter router;
    private final ProfileWait profileWait;
    private final MailConfig mail;
    private final Clock clock;

    public ExpansionIntake(Database db, ExpansionRepository expansions, ProfileRepository profiles,
                           PersonalNotices notices, CooldownPolicy cooldown, ExpansionRouter router,
                           ProfileWait profileWait, MailConfig mail, Clock clock) {
        this.db = db;
        this.expansions = expansions;
        this.profiles = profiles;
        this.notices = notices;
        this.cooldown = cooldown;
        this.router = router;
        this.profileWait = profileWait;
        this.mail = mail;
        this.clock = clock;
    }

    @Override
    public void handle(String key, ExpansionOpportunity signal, int partition, long offset) {
        if (signal == null) {
            return;
        }
        RecordValues.check(signal);
        Optional<Playbook> playbook = router.playbookFor(signal);
        String outcome = db.inTransaction(c -> {
            Instant now = clock.instant();
            if (!expansions.insert(c, signal, now)) {
                return "replayed";
            }
            if (playbook.isEmpty()) {
                return "stored";
            }
            String name = playbook.get().name();
            Optional<String> suppressed = cooldown.suppression(c, signal, name);
            expansions.recordAction(c, signal, name, suppressed.isPresent() ? "SUPPRESSED" : "ACTED",
                    suppressed.orElse(null));
            if (suppressed.isPresent()) {
                return "suppressed";
            }
            Optional<AccountContact> contact = profiles.find(c, signal.getAccountId());
            String csm = contact.map(AccountContact::csmOwner).filter(s -> !s.isBlank()).orElse(mail.fallbackCsm());
            Routing routing = router.route(signal, contact, csm);
            for (NewDelivery d : profileWait.admit(c, signal, contact, routing, now)) {
                notices.write(c, d, now);
            }
            return "acted on";
        });
        if (playbook.isPresent()) {
            LOG.info("Expansion signal {} of account {} ({}), playbook {}: {}", signal.getSignalId(),
                    signal.getAccountId(), signal.getKind(), playbook.get().name(), outcome);
        }
    }
}
