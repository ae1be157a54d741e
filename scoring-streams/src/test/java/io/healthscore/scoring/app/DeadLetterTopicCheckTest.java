package io.healthscore.scoring.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Start-up refuses to run without a dead-letter topic it may need, and names every missing one. */
class DeadLetterTopicCheckTest {

    private static final List<String> NEEDED = List.of("usage-events-dlq", "health-scores-dlq", "churn-risk-alerts-dlq");

    @Test
    void everyDeadLetterTopicPresentLetsScoringStart() {
        Set<String> onCluster = Set.of("usage-events", "usage-events-dlq", "health-scores-dlq", "churn-risk-alerts-dlq");

        assertThatCode(() -> DeadLetterTopicCheck.requireAll(NEEDED, onCluster)).doesNotThrowAnyException();
    }

    @Test
    void aMissingDeadLetterTopicStopsStartUpNamingEachMissingOne() {
        Set<String> onCluster = Set.of("usage-events", "usage-events-dlq");

        assertThatThrownBy(() -> DeadLetterTopicCheck.requireAll(NEEDED, onCluster))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Dead-letter topics health-scores-dlq, churn-risk-alerts-dlq do not exist.")
                .hasMessageContaining("topics.dlq-suffix");
    }
}
