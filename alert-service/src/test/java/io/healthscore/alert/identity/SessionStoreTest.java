package io.healthscore.alert.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final SessionStore store = new SessionStore(new IdentityConfig(Duration.ofMinutes(30),
            Duration.ofHours(12), 3, 5, Duration.ofMinutes(15), Duration.ofMinutes(15), 100), clock);
    private final Person ana = new Person("ana@example.com", Set.of(Role.CSM), Set.of());

    @Test
    void aSessionIdIs256RandomBitsAndEachSessionHasItsOwnCsrfToken() {
        ConsoleSession a = store.create(ana);
        ConsoleSession b = store.create(ana);

        assertThat(java.util.Base64.getUrlDecoder().decode(a.id())).hasSize(32);
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(a.csrfToken()).isNotEqualTo(b.csrfToken()).isNotEqualTo(a.id());
    }

    @Test
    void aSessionExpiresAfterThirtyIdleMinutes() {
        ConsoleSession s = store.create(ana);
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.find(s.id())).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.find(s.id())).as("each request restarts the idle time").isPresent();

        clock.advance(Duration.ofMinutes(30));

        assertThat(store.find(s.id())).isEmpty();
    }

    /** What a page does on its own (its live channel and the fetches it triggers) is not use of the session. */
    @Test
    void peekingAtASessionDoesNotRestartItsIdleTime() {
        ConsoleSession s = store.create(ana);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(store.peek(s.id())).isPresent();
            assertThat(store.live(s.id())).isTrue();
        }

        clock.advance(Duration.ofMinutes(5)); // 30 minutes after sign-in, however often it was peeked at

        assertThat(store.peek(s.id())).isEmpty();
        assertThat(store.live(s.id())).isFalse();
        assertThat(store.find(s.id())).isEmpty();
        assertThat(store.peek(null)).isEmpty();
        assertThat(store.peek("short")).isEmpty();
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInHoweverBusy() {
        ConsoleSession s = store.create(ana);
        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(store.find(s.id())).as("after %d minutes", (i + 1) * 29).isPresent();
        }

        clock.advance(Duration.ofMinutes(29)); // 12 h 5 min after sign-in, 29 min after the last request

        assertThat(store.find(s.id())).isEmpty();
    }

    @Test
    void theCsrfTokenMustBeExactlyTheSessions() {
        ConsoleSession s = store.create(ana);

        assertThat(SessionStore.csrfMatches(s, s.csrfToken())).isTrue();
        assertThat(SessionStore.csrfMatches(s, s.csrfToken() + "x")).isFalse();
        assertThat(SessionStore.csrfMatches(s, "")).isFalse();
        assertThat(SessionStore.csrfMatches(s, null)).isFalse();
    }

    @Test
    void theLeastRecentlyUsedSessionGoesWhenTheStoreIsFull() {
        ConsoleSession first = store.create(ana);
        ConsoleSession second = store.create(ana);
        store.create(ana);
        store.find(first.id());

        store.create(ana);

        assertThat(store.find(first.id())).isPresent();
        assertThat(store.find(second.id())).isEmpty();
    }

    @Test
    void openingSignInFormsByTheThousandSignsNobodyOut() {
        ConsoleSession signedIn = store.create(ana);

        for (int i = 0; i < 1000; i++) {
            store.create(null);
        }

        assertThat(store.find(signedIn.id())).isPresent();
    }

    @Test
    void unknownOrMalformedIdsFindNothing() {
        assertThat(store.find(null)).isEmpty();
        assertThat(store.find("x".repeat(43))).isEmpty();
        assertThat(store.find("x".repeat(100_000))).isEmpty();
    }
}
