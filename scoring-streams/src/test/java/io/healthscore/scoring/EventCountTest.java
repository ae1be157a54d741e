package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthScore;
import io.healthscore.avro.UsageEvent;
import io.healthscore.avro.UsageEventType;
import io.healthscore.scoring.score.AccountClock;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.state.AccountStateSerde;
import io.healthscore.scoring.state.StateLimits;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code HealthScore.eventCount} is the number of distinct usage events counted for the account since its first
 * one, so that a producer's acknowledged events can be reconciled against the scores, however long ago they were
 * sent. The 28-day windows of the components are unaffected.
 */
class EventCountTest {

    private final ScoringDriver hs = new ScoringDriver(ScoringDriver.everyEvaluationPublished());

    @AfterEach
    void close() {
        hs.close();
    }

    @Test
    void theCountKeepsEveryEventAfterItsDayHasLeftTheWindow() {
        // Given one login a day for 40 days, more than the 28-day window and the 35 daily buckets kept
        for (int day = 0; day < 40; day++) {
            hs.login("acme", "u" + (day % 3));
            hs.advance(Duration.ofDays(1));
        }
        hs.drain();

        // When one more event arrives
        hs.useFeature("acme", "u1", "reports");

        // Then the score counts all 41 events, while only the window's days are kept in the buckets
        HealthScore score = hs.lastScore();
        assertThat(score.getEventCount()).isEqualTo(41L);
        long today = AccountClock.epochDay(hs.now().toEpochMilli());
        assertThat(hs.state("acme").days(today - 27, today).values().stream().mapToInt(d -> d.events()).sum())
                .isEqualTo(28);
        assertThat(hs.state("acme").eventsCounted()).isEqualTo(41L);
    }

    @Test
    void aRedeliveredEventAndASignalAreNotCounted() {
        // Given two events of which the first arrives twice, and an NPS answer
        UsageEvent login = hs.event("acme", "u1", UsageEventType.LOGIN).build();
        hs.pipe(login);
        hs.pipe(UsageEvent.newBuilder(login).setReceivedAt(hs.now().plusSeconds(30)).build());
        hs.useFeature("acme", "u2", "exports");
        hs.nps("acme", 9);

        // Then every score carries the count of distinct usage events so far: 1, 2, 2
        assertThat(hs.scores()).extracting(HealthScore::getEventCount).containsExactly(1L, 2L, 2L);
        hs.drain();
        assertThat(hs.allOutputsEmpty()).isTrue();
    }

    @Test
    void theCountSurvivesTheStateStoreEncoding() {
        // Given a state that counted 3 events on two days
        AccountState state = stateWithEvents(3);

        // When it is written and read back
        AccountState restored = AccountStateSerde.decode(AccountStateSerde.encode(state));

        // Then the count is the same
        assertThat(restored.eventsCounted()).isEqualTo(3L);
    }

    @Test
    void stateWrittenBeforeTheCountExistedStartsItFromTheEventsOfItsBuckets() {
        // Given a state as the previous format (1) wrote it: the same fields without the trailing count
        AccountState state = stateWithEvents(3);
        byte[] current = AccountStateSerde.encode(state);
        byte[] previous = Arrays.copyOf(current, current.length - Long.BYTES);
        previous[0] = 1;

        // When it is read by this version
        AccountState restored = AccountStateSerde.decode(previous);

        // Then the count starts at the events its daily buckets hold, and counting goes on from there
        assertThat(restored.eventsCounted()).isEqualTo(3L);
        restored.recordUsage(20_001, 20_001L * 86_400_000, "u9", false, null, null, StateLimits.defaults());
        assertThat(restored.eventsCounted()).isEqualTo(4L);
        assertThat(AccountStateSerde.decode(AccountStateSerde.encode(restored)).eventsCounted()).isEqualTo(4L);
    }

    private static AccountState stateWithEvents(int events) {
        AccountState state = new AccountState();
        for (int i = 0; i < events; i++) {
            long day = 20_000 + (i % 2);
            state.recordUsage(day, day * 86_400_000, "u" + i, i == 0, null, null, StateLimits.defaults());
        }
        return state;
    }
}
