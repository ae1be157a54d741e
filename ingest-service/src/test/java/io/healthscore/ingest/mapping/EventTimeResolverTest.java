package io.healthscore.ingest.mapping;

import io.healthscore.ingest.config.EventTimeRules;
import io.healthscore.ingest.validation.FieldErrors;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimeResolverTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T10:00:00Z");
    private final EventTimeResolver resolver = new EventTimeResolver(
            new EventTimeRules(Duration.ofMinutes(5), Duration.ofDays(30)));

    @Test
    void sentAtCorrectsTheSendersClock() {
        Instant clientTime = Instant.parse("2026-11-23T12:00:00Z");
        Instant sentAt = Instant.parse("2026-11-23T12:00:05Z");

        assertThat(resolver.segmentTime(clientTime, sentAt, RECEIVED)).isEqualTo(Instant.parse("2026-11-23T09:59:55Z"));
    }

    @Test
    void withoutSentAtTheClientTimeIsTakenAndWithoutEitherTheReceiptTime() {
        Instant clientTime = Instant.parse("2026-11-23T09:00:00Z");

        assertThat(resolver.segmentTime(clientTime, null, RECEIVED)).isEqualTo(clientTime);
        assertThat(resolver.segmentTime(null, Instant.parse("2026-11-23T09:00:00Z"), RECEIVED)).isEqualTo(RECEIVED);
    }

    @Test
    void aClockSkewWiderThanTimeItselfIsRefusedAsOutOfRangeInsteadOfFailing() {
        Instant earliest = Instant.parse("-999999999-01-01T00:00:00Z");
        Instant latest = Instant.parse("+999999999-12-31T23:59:59Z");
        FieldErrors errors = new FieldErrors();

        Instant backwards = resolver.segmentTime(earliest, latest, RECEIVED);
        Instant forwards = resolver.segmentTime(latest, earliest, RECEIVED);

        assertThat(resolver.check(backwards, RECEIVED, "timestamp", errors)).isNull();
        assertThat(resolver.check(forwards, RECEIVED, "timestamp", errors)).isNull();
        assertThat(errors.list()).extracting(e -> e.field()).containsExactly("timestamp", "timestamp");
    }

    @Test
    void timesBeyondTheSkewOrHorizonAreErrorsAtTheirField() {
        FieldErrors errors = new FieldErrors();

        assertThat(resolver.check(RECEIVED.plus(Duration.ofMinutes(5)), RECEIVED, "a", errors)).isNotNull();
        assertThat(resolver.check(RECEIVED.minus(Duration.ofDays(30)), RECEIVED, "b", errors)).isNotNull();
        assertThat(resolver.check(RECEIVED.plus(Duration.ofMinutes(6)), RECEIVED, "c", errors)).isNull();
        assertThat(resolver.check(RECEIVED.minus(Duration.ofDays(31)), RECEIVED, "d", errors)).isNull();

        assertThat(errors.list()).extracting(e -> e.field()).containsExactly("c", "d");
    }
}
