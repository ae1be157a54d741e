package io.healthscore.alert.intake;

import io.healthscore.alert.config.MailConfig;
import io.healthscore.alert.playbook.TransitionRouter;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.delivery.PersonalNotices;
import io.healthscore.alert.store.HistoryRepository;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.avro.LevelTransition;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * For {@code IntakeHealthIT} only ({@code test.fatal-account} set): stores transitions as the service does, but
 * throws an {@link OutOfMemoryError} for the named account, the way a handler running out of heap would.
 */
@Singleton
@Replaces(TransitionIntake.class)
@Requires(property = "test.fatal-account")
public final class FatalTransitionHandler implements RecordHandler<LevelTransition> {

    private final TransitionIntake real;
    private final String fatalAccount;

    public FatalTransitionHandler(Database db, HistoryRepository history, ProfileRepository profiles,
                                  PersonalNotices deliveries, CooldownPolicy cooldown, TransitionRouter router,
                                  ProfileWait profileWait, MailConfig mail, Clock clock,
                                  @io.micronaut.context.annotation.Value("${test.fatal-account}") String fatalAccount) {
        this.real = new TransitionIntake(db, history, profiles, deliveries, cooldown, router, profileWait, mail, clock);
        this.fatalAccount = fatalAccount;
    }

    @Override
    public void handle(String key, LevelTransition transition, int partition, long offset) {
        if (transition != null && fatalAccount.equals(transition.getAccountId())) {
            throw new OutOfMemoryError("Java heap space (thrown by the test for " + fatalAccount + ")");
        }
        real.handle(key, transition, partition, offset);
    }
}
