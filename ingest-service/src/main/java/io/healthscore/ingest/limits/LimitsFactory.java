package io.healthscore.ingest.limits;

import io.healthscore.ingest.config.NewAccountSettings;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The set of known accounts: loaded at once when it is not read from the topics (then only requests fill it). */
@Factory
public class LimitsFactory {

    @Singleton
    KnownAccounts knownAccounts(NewAccountSettings settings) {
        return new KnownAccounts(!settings.loadFromTopics());
    }
}
