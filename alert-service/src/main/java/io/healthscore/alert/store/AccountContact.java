package io.healthscore.alert.store;

import io.micronaut.core.annotation.Nullable;
import java.time.LocalDate;

/** What the latest account profile says about who to write to, and when the account renews. */
public record AccountContact(String accountId, @Nullable String name, @Nullable String csmOwner,
                             @Nullable String contactEmail, @Nullable String contactLanguage,
                             @Nullable LocalDate renewalDate) {
}
