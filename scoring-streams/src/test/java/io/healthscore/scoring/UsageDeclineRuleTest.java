package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.Severity;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.UsageDeclineThresholds;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * USAGE_DECLINE in the topology: the active user-days of the last 14 complete days against the 14 before them.
 * Ten users log in every day for four weeks; then fewer do, and the rule fires once the recent window has fallen far
 * enough: with k days of the smaller team in the recent window, decline = k (10 - n) / 140.
 */
class UsageDeclineRuleTest {

    private ScoringDriver hs = new ScoringDriver();

    @AfterEach
    void close() {
        hs.close();
    }

    /** Each day from the driver's now: {@code users} users log in, then the clock moves a day. */
    private void dailyLogins(String account, int users, int days) {
        for (int d = 0; d < days; d++) {
            for (int u = 1; u <= users; u++) {
                hs.login(account, "u" + u);
            }
            hs.advance(Duration.ofDays(1));
        }
    }

    private List<ChurnRiskAlert> declineAlerts() {
        return hs.alerts().stream().filter(a -> a.getRule() == AlertRule.USAGE_DECLINE).toList();
    }

    private static long day(ChurnRiskAlert alert) {
        return Duration.between(ScoringDriver.T0, alert.getRaisedAt()).toDays();
    }

    @Test
    void halfTheTeamLeavingIsSuspectedOnceTheRecentWindowHasFallenThirtyFivePercent() {
        // Given four weeks of ten daily users
        dailyLogins("acme", 10, 28);
        // When only five of them go on for two more weeks
        dailyLogins("acme", 5, 14);
        // Then on day 38 (10 of the 14 recent days with five users: 50 / 140 = 36 % fewer user-days) it is suspected,
        // and never imminent, since half the team is at most a 50 % decline
        List<ChurnRiskAlert> alerts = declineAlerts();
        assertThat(alerts).extracting(UsageDeclineRuleTest::day, ChurnRiskAlert::getSeverity)
                .containsExactly(tuple(38L, Severity.SUSPECTED));
        assertThat(alerts.get(0).getReasons()).containsExactly(
                "active user-days fell 36% (90 in the last 14 days, 140 in the 14 before)",
                "10 users active in the last 14 days, 10 in the 14 before");
    }

    @Test
    void aTeamShrinkingToTwoIsSuspectedFirstThenImminent() {
        dailyLogins("acme", 10, 28);
        // When only two users go on
        dailyLogins("acme", 2, 14);
        // Then suspected on day 35 (7 days: 56 / 140 = 40 %), imminent on day 39 (11 days: 88 / 140 = 63 %), the
        // severity rising through the cooldown
        assertThat(declineAlerts()).extracting(UsageDeclineRuleTest::day, ChurnRiskAlert::getSeverity)
                .containsExactly(tuple(35L, Severity.SUSPECTED), tuple(39L, Severity.IMMINENT));
    }

    @Test
    void steadyUseNeverFires() {
        dailyLogins("acme", 10, 56);

        assertThat(declineAlerts()).isEmpty();
    }

    @Test
    void anAccountIsNotJudgedBeforeItHasTwoWindowsOfHistory() {
        // Given ten users for a week, then one, for three weeks in all
        dailyLogins("acme", 10, 7);
        dailyLogins("acme", 1, 20);

        // Then nothing yet: the earlier window begins before the account's first use
        assertThat(declineAlerts()).isEmpty();
    }

    @Test
    void theThresholdsAndWindowComeFromTheModel() {
        // Given a model whose rule compares windows of 7 days and is suspected from a 15 % decline
        hs.close();
        ScoringModel d = ScoringDriver.defaultModel();
        ScoringModel model = d.withAlerts(d.alerts().withUsageDecline(new UsageDeclineThresholds(7, 0.15, 0.9, 7)));
        hs = new ScoringDriver(ScoringDriver.defaultConfig().withModel(model));
        dailyLogins("acme", 10, 14);
        // When eight of ten go on
        dailyLogins("acme", 8, 7);
        // Then on day 20 (6 of the 7 recent days with eight users: 12 / 70 = 17 %) it is suspected
        assertThat(declineAlerts()).extracting(UsageDeclineRuleTest::day, ChurnRiskAlert::getSeverity)
                .containsExactly(tuple(20L, Severity.SUSPECTED));
    }
}
