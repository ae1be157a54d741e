package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthScore;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.state.StateLimits;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Most events of a live product repeat what an account already did that day: the same user using the same
 * features again. Such an event is counted but does not re-evaluate the account within a minute of its last
 * evaluation, because nothing its score or alerts are computed from has changed. Every evaluation is published
 * here, so the scores show exactly when the account was evaluated.
 */
class RepeatedUsageTest {

    private static final long DAY = 86_400_000L;

    private final ScoringDriver hs = new ScoringDriver(ScoringDriver.everyEvaluationPublished());

    @AfterEach
    void close() {
        hs.close();
    }

    @Test
    void repeatsWithinAMinuteAreCountedWithoutAnEvaluation() {
        hs.login("acme", "u1");
        hs.useFeature("acme", "u1", "reports");
        for (int i = 0; i < 5; i++) {
            hs.advance(Duration.ofSeconds(5));
            hs.useFeature("acme", "u1", "reports");
        }
        assertThat(hs.scores()).extracting(HealthScore::getEventCount).containsExactly(1L, 2L);

        // A minute after the last evaluation the next repeat re-evaluates, and the count has missed nothing.
        hs.advance(Duration.ofSeconds(40));
        hs.useFeature("acme", "u1", "reports");
        assertThat(hs.scores()).extracting(HealthScore::getEventCount).containsExactly(8L);
        assertThat(hs.state("acme").eventsCounted()).isEqualTo(8L);
    }

    @Test
    void anEventThatChangesAnInputIsEvaluatedAtOnce() {
        hs.login("acme", "u1");
        hs.useFeature("acme", "u1", "reports");
        hs.scores();

        hs.useFeature("acme", "u2", "reports");      // another user
        hs.useFeature("acme", "u2", "dashboards");   // another key feature
        hs.login("acme", "u2");                        // a login
        assertThat(hs.scores()).extracting(HealthScore::getEventCount).containsExactly(3L, 4L, 5L);

        hs.advanceDays(1);
        hs.drain();
        hs.useFeature("acme", "u2", "dashboards");   // the same, but on a new day
        assertThat(hs.scores()).extracting(HealthScore::getEventCount).containsExactly(6L);
    }

    @Test
    void theStateSaysWhichEventsChangeAScoreInput() {
        AccountState state = new AccountState();
        StateLimits limits = StateLimits.defaults();
        long day = 20_000;
        assertThat(state.recordUsage(day, day * DAY, "u1", false, "reports", null, limits)).as("first usage").isTrue();
        assertThat(state.recordUsage(day, day * DAY + 1, "u1", false, "reports", null, limits)).as("repeat").isFalse();
        assertThat(state.recordUsage(day, day * DAY + 2, "u1", false, null, null, limits)).as("non-key feature").isFalse();
        assertThat(state.recordUsage(day, day * DAY + 3, "u2", false, null, null, limits)).as("new user").isTrue();
        assertThat(state.recordUsage(day, day * DAY + 4, "u2", false, "exports", null, limits)).as("new feature").isTrue();
        assertThat(state.recordUsage(day, day * DAY + 5, "u2", true, null, null, limits)).as("login").isTrue();
        assertThat(state.recordUsage(day, day * DAY + 6, "u2", false, null, "invite-team", limits)).as("step").isTrue();
        assertThat(state.recordUsage(day, day * DAY + 7, "u2", false, null, "invite-team", limits)).as("same step").isFalse();
        assertThat(state.recordUsage(day, day * DAY - 5, "u1", false, null, null, limits)).as("earlier first usage").isTrue();
        assertThat(state.recordUsage(day + 1, (day + 1) * DAY, "u1", false, "reports", null, limits)).as("new day").isTrue();
        assertThat(state.eventsCounted()).isEqualTo(10L);
    }
}
