package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.HealthScore;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.state.AccountStateSerde;
import io.healthscore.scoring.topology.AccountEvaluator;
import io.healthscore.scoring.topology.EvaluationOutcome;
import org.junit.jupiter.api.Test;

/** A redeployment with a new model version republishes scores under that version even when nothing moved. */
class ModelVersionChangeTest {

    @Test
    void aNewModelVersionRepublishesAnUnchangedScoreUnderTheNewVersion() {
        ScoringConfig v1 = ScoringDriver.defaultConfig();
        ScoringConfig v2 = v1.withModel(v1.model().withVersion("test-2"));
        long now = ScoringDriver.T0.toEpochMilli();
        AccountState state = new AccountState();
        state.recordNps(9, now);

        // Given a score published under test-1, and a re-evaluation under test-1 that publishes nothing
        EvaluationOutcome first = new AccountEvaluator(v1).evaluate("acme", state, now);
        EvaluationOutcome again = new AccountEvaluator(v1).evaluate("acme", state, now + 60_000);
        // When the state (as restored from the changelog) is evaluated by the test-2 model
        AccountState restored = AccountStateSerde.decode(AccountStateSerde.encode(state));
        EvaluationOutcome upgraded = new AccountEvaluator(v2).evaluate("acme", restored, now + 120_000);

        // Then the same score is published again, stamped test-2
        assertThat(first.score()).map(HealthScore::getModelVersion).contains("test-1");
        assertThat(again.score()).isEmpty();
        assertThat(upgraded.score()).hasValueSatisfying(s -> {
            assertThat(s.getModelVersion()).isEqualTo("test-2");
            assertThat(s.getScore()).isEqualTo(100.0);
            assertThat(s.getPreviousScore()).isEqualTo(100.0);
        });
        assertThat(upgraded.transition()).isEmpty();
        assertThat(upgraded.alerts()).isEmpty();
    }
}
