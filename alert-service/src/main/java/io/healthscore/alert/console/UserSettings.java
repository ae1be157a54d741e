package io.healthscore.alert.console;

import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.UserSettingsRepository;
import io.healthscore.alert.store.UserSettingsRepository.Settings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Clock;

/** A console user's own settings, and the language a session's pages are in: theirs if chosen, else the browser's. */
@Singleton
public final class UserSettings {

    private final Database db;
    private final UserSettingsRepository repository;
    private final Clock clock;

    public UserSettings(Database db, UserSettingsRepository repository, Clock clock) {
        this.db = db;
        this.repository = repository;
        this.clock = clock;
    }

    public Settings of(Person person) {
        return db.inTransaction(c -> repository.find(c, person.email()).orElse(Settings.defaults(person.email())));
    }

    public void save(Settings settings) {
        db.inTransaction(c -> {
            repository.save(c, settings, clock.instant());
            return null;
        });
    }

    /** The browser's language for a page before sign-in. */
    public static Language browserLanguage(HttpRequest<?> request) {
        return Language.fromAcceptLanguage(request.getHeaders().get(HttpHeaders.ACCEPT_LANGUAGE));
    }

    /** Puts a signed-in session in the person's chosen language, or the browser's when they chose none. */
    public void applyLanguage(ConsoleSession session, HttpRequest<?> request) {
        Person person = session.person();
        @Nullable String chosen = person == null ? null : of(person).language();
        session.language(Language.of(chosen).orElseGet(() -> browserLanguage(request)).tag());
    }
}
