package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthScore;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Time alone moves scores: the punctuator re-evaluates accounts in bounded slices. */
class SilentAccountTest {

    @Test
    void aSilentAccountLosesScoreWithoutAnyNewEvent() {
        try (ScoringDriver hs = new ScoringDriver()) {
            // Given an account active on two days with 2 of 2 seats
            hs.profile("acme", 2, null);
            hs.login("acme", "u1");
            hs.login("acme", "u2");
            hs.advanceDays(1);
            hs.login("acme", "u1");
            HealthScore active = hs.lastScore();
            // When only time passes
            hs.advanceDays(10);
            // Then its score fell, activity reached 0, and the scores came from re-evaluation alone
            List<HealthScore> later = hs.scores();
            assertThat(later).isNotEmpty();
            HealthScore last = later.get(later.size() - 1);
            assertThat(last.getScore()).isLessThan(active.getScore());
            assertThat(ScoringDriver.component(last, io.healthscore.avro.ScoreComponent.ACTIVITY)).isEqualTo(0.0);
            assertThat(last.getEvaluatedAt()).isAfter(ScoringDriver.T0.plus(Duration.ofDays(7)));
        }
    }

    @Test
    void eachPunctuationReEvaluatesAtMostOneSliceOfAccountsAndResumesWhereItStopped() {
        // (every evaluation publishes here, so the published scores show which accounts were evaluated)
        ScoringConfig config = ScoringDriver.everyEvaluationPublished().withEvaluation(Duration.ofHours(1), 2);
        try (ScoringDriver hs = new ScoringDriver(config)) {
            // Given five accounts, of which the first punctuation re-evaluated acct-0 and acct-1
            IntStream.range(0, 5).forEach(i -> hs.login("acct-" + i, "u1"));
            hs.drain();
            hs.advance(Duration.ofDays(9));
            assertThat(hs.scores()).extracting(HealthScore::getAccountId).containsExactly("acct-0", "acct-1");
            hs.drain();
            // When three punctuations run (each advance fires one)
            List<String> evaluated = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                hs.advance(Duration.ofHours(1));
                evaluated.addAll(hs.scores().stream().map(HealthScore::getAccountId).toList());
            }
            // Then the rest followed two at a time in key order, and the cursor wrapped around after the last
            assertThat(evaluated).containsExactly("acct-2", "acct-3", "acct-4", "acct-0", "acct-1");
        }
    }
}
