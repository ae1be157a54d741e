package io.healthscore.alert.intake;

import io.healthscore.alert.delivery.PersonalNotices;
import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.playbook.Playbook;
import io.healthscore.alert.playbook.Routing;
import io.healthscore.alert.playbook.TransitionRouter;
import io.healthscore.alert.store.AccountContact;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.alert.store.NewDelivery;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.avro.LevelTransition;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a level transition for the account's timeline and, when a transition playbook matches it, its outbox rows,
 * all in one transaction: a replayed transition (same account, time and level) changes nothing; one in the
 * playbook's cooldown for the account is stored as SUPPRESSED without actions; otherwise the router's rows are
 * written, and those that need a profile not stored yet wait for it ({@link ProfileWait}). Transitions do not open
 * escalations: those follow tech-touched alerts.
 */
@Singleton
public final class TransitionIntake implements RecordHandler<LevelTransition> {

    private static final Logger LOG = LoggerFactory.getLogger(TransitionIntake.class);

    private final Database db;
    private final HistoryRepository history;
    private final ProfileRepository profiles;
    private final PersonalNotices notices;
    private final CooldownPolicy cooldown;
    private final TransitionRouter router;
    private final ProfileWait profileWait;
    private final MailConfig mail;
    private final Clock clock;

    public TransitionIntake(Database db, HistoryRepository history, ProfileRepository profiles,
                            PersonalNotices notices, CooldownPolicy cooldown, TransitionRouter router,
                            ProfileWait profileWait, MailConfig mail, Clock clock) {
        this.db = db;
        this.history = history;
        this.profiles = profiles;
        this.notices = notices;
        this.cooldown = cooldown;
        this.router = router;
        this.profileWait = profileWait;
        this.mail = mail;
        this.clock = clock;
    }

    @Override
    public void handle(String key, LevelTransition transition, int partition, long offset) {
        if (transition == null) {
            return;
        }
        RecordValues.check(transition);
        Optional<Playbook> playbook = router.playbookFor(transition);
        String outcome = db.inTransaction(c -> {
            if (!history.insertTransition(c, transition)) {
                return "replayed";
            }
            if (playbook.isEmpty()) {
                return "stored";
            }
            String name = playbook.get().name();
            Optional<String> suppressed = cooldown.suppression(c, transition, name);
            history.recordTransitionAction(c, transition, name, suppressed.isPresent() ? "SUPPRESSED" : "ACTED",
                    suppressed.orElse(null));
            if (suppressed.isPresent()) {
                return "suppressed";
            }
            Instant now = clock.instant();
            Optional<AccountContact> contact = profiles.find(c, transition.getAccountId());
            String csm = contact.map(AccountContact::csmOwner).filter(s -> !s.isBlank()).orElse(mail.fallbackCsm());
            Routing routing = router.route(transition, contact, csm);
            for (NewDelivery d : profileWait.admit(c, transition, contact, routing, now)) {
                notices.write(c, d, now);
            }
            return "acted on";
        });
        if (playbook.isPresent()) {
            LOG.info("Transition {} of account {} ({} → {}), playbook {}: {}", TransitionRouter.transitionId(transition),
                    transition.getAccountId(), transition.getFromLevel(), transition.getToLevel(),
                    playbook.get().name(), outcome);
        }
    }
}
