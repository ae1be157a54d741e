package io.healthscore.alert.intake;

import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.avro.AccountProfile;
import jakarta.inject.Singleton;

/**
 * Keeps the latest account profile (contact email and language, CSM owner, renewal date) that messages need;
 * a tombstone deletes the account's profile.
 */
@Singleton
public final class ProfileIntake implements RecordHandler<AccountProfile> {

    private final Database db;
    private final ProfileRepository profiles;

    public ProfileIntake(Database db, ProfileRepository profiles) {
        this.db = db;
        this.profiles = profiles;
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
            return null;
        });
    }
}
