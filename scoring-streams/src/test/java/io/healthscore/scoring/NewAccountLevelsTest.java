package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.HealthScore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "No data" is not read as a fall: an account known only from a signal has a score from one component (a
 * successful payment alone scores 100), and its first usage brings in the usage components. That first
 * usage-backed score starts the account's level and score history afresh instead of counting as a drop.
 */
class NewAccountLevelsTest {

    private final ScoringDriver hs = new ScoringDriver();

    @AfterEach
    void close() {
        hs.close();
    }

    @Test
    void anAccountKnownOnlyFromAPaymentGetsNoTransitionOrScoreAlertWhenItsFirstUsageArrives() {
        // Given a new account whose first record is a successful payment (payment component 100, nothing else)
        hs.profile("newco", 10, null);
        hs.paymentSucceeded("newco");

        // When its first usage arrives the next day, and a week later some more
        hs.advance(Duration.ofDays(1));
        hs.login("newco", "u1");
        hs.advance(Duration.ofDays(7));
        hs.login("newco", "u1");

        // Then scores were published with levels, but no level transition and no LEVEL_DOWN or SCORE_DROP alert
        assertThat(hs.scores()).extracting(HealthScore::getLevel).isNotEmpty();
        assertThat(hs.transitions()).isEmpty();
        assertThat(hs.alerts()).extracting(ChurnRiskAlert::getRule)
                .doesNotContain(AlertRule.LEVEL_DOWN, AlertRule.SCORE_DROP);
    }
}
