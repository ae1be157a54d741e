package io.healthscore.alert.intake;

import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.avro.AccountProfile;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Keeps the latest account profile (contact email and language, CSM owner, renewal date) that messages need;
 * a tombstone deletes the account's profile. A stored profile routes the account's alerts that waited for it.
 */
@Singleton
public final class ProfileIntake implements RecordHandler<AccountProfile> {

    private final Database db;
    private final ProfileRepository profiles;
    private final ProfileWait profileWait;
    private final Clock clock;

    public ProfileIntake(Database db, ProfileRepository profiles, ProfileWait profileWait, Clock clock) {
        this.db = db;
        this.profiles = profiles;
        this.profileWait = profileWait;
        this.clock = clock;
    }

    @Override
    public void handle(String key, AccountProfile profile, int partition, long offset) {
        if (profile == null) {
            if (key != null) {
                db.inTransaction(c -> {
                    profiles.delete(c, key);
                    return null;
                });
            }
            return;
        }
        RecordValues.check(profile);
        db.inTransaction(c -> {
            profiles.upsert(c, profile);
            // Alerts read before this profile were waiting for it.
            profileWait.release(c, profile.getAccountId(), clock.instant());
            return null;
        });
    }
}
