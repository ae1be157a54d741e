package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.Severity;
import io.healthscore.scoring.model.ComponentParameters;
import io.healthscore.scoring.model.RiskRiseThresholds;
import io.healthscore.scoring.model.ScoringModel;
import io.healthscore.scoring.model.ScoringModelLoader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RISK_RISE in the topology: the calibrated churn risk at the end of yesterday against the end of the day 7 days
 * before. An account
 * known from NPS answers only scores 90 (promoter), 50 (passive) or 30 (detractor); the calibration of
 * {@link CalibratedModelFileTest#CALIBRATED} puts those at a risk of 1 %, 25 % and 60 % within 30 days.
 */
class RiskRiseRuleTest {

    private static final ComponentParameters NPS_90_50_30 = new ComponentParameters(20, 25, 30, 50, 60, 90, 50, 30, 180);

    private static ScoringModel model(boolean calibrated, RiskRiseThresholds thresholds) {
        ScoringModel base = ScoringDriver.model(NPS_90_50_30, 0.0);
        ScoringModel withLevels = calibrated ? base.withLevels(
                ScoringModelLoader.parse("m.yml", CalibratedModelFileTest.CALIBRATED).levels()) : base;
        return withLevels.withAlerts(base.alerts().withRiskRise(thresholds));
    }

    private static List<ChurnRiskAlert> riseAlerts(ScoringModel model, int... npsByDay) {
        try (ScoringDriver hs = new ScoringDriver(ScoringDriver.defaultConfig().withModel(model))) {
            int previous = -1;
            for (int nps : npsByDay) {
                if (nps != previous) {
                    hs.nps("acme", nps);
                    previous = nps;
                }
                hs.advanceDays(1);
            }
            return hs.alerts().stream().filter(a -> a.getRule() == AlertRule.RISK_RISE).toList();
        }
    }

    private static long day(ChurnRiskAlert alert) {
        return Duration.between(ScoringDriver.T0, alert.getRaisedAt()).toDays();
    }

    /** Eight days as a promoter, a day as a passive, then a detractor for ten days. */
    private static int[] promoterThenPassiveThenDetractor() {
        int[] days = new int[19];
        for (int d = 0; d < days.length; d++) {
            days[d] = d < 8 ? 9 : d < 9 ? 7 : 3;
        }
        return days;
    }

    @Test
    void aRiskRisingThroughTheFloorsIsSuspectedThenImminent() {
        // When the risk goes from 1 % to 25 % on day 8, and to 60 % on day 9
        List<ChurnRiskAlert> alerts = riseAlerts(model(true, RiskRiseThresholds.defaults()),
                promoterThenPassiveThenDetractor());

        // Then day 9 is suspected (day 8 ended at 25 %, day 1 at 1 %), day 10 imminent (60 %), the severity rising
        // through the cooldown; once the risk stops rising the rule is silent
        assertThat(alerts).extracting(RiskRiseRuleTest::day, ChurnRiskAlert::getSeverity)
                .containsExactly(tuple(9L, Severity.SUSPECTED), tuple(10L, Severity.IMMINENT));
        assertThat(alerts.get(0).getReasons())
                .containsExactly("churn risk within 30 days rose from 1.0% to 25.0% in 7 days (calibrated)");
        assertThat(alerts.get(1).getReasons())
                .containsExactly("churn risk within 30 days rose from 1.0% to 60.0% in 7 days (calibrated)");
    }

    @Test
    void aRiskThatIsHighButDoesNotRiseNeverFires() {
        int[] detractor = new int[20];
        java.util.Arrays.fill(detractor, 3);

        assertThat(riseAlerts(model(true, RiskRiseThresholds.defaults()), detractor)).isEmpty();
    }

    @Test
    void uncalibratedLevelsStateNoRiskAndTheRuleIsSilent() {
        assertThat(riseAlerts(model(false, RiskRiseThresholds.defaults()), promoterThenPassiveThenDetractor()))
                .isEmpty();
    }

    @Test
    void theWindowRiseAndFloorsComeFromTheModel() {
        // Given a rule that needs a rise of 0.5 over 3 days and a risk of 20 % for SUSPECTED, 70 % for IMMINENT
        ScoringModel model = model(true, new RiskRiseThresholds(3, 0.5, 0.2, 0.7));

        // Then the rise to 25 % (0.24) is too small, and 60 % (day 9, seen on day 10) is only suspected
        assertThat(riseAlerts(model, promoterThenPassiveThenDetractor()))
                .extracting(RiskRiseRuleTest::day, ChurnRiskAlert::getSeverity)
                .containsExactly(tuple(10L, Severity.SUSPECTED));
    }
}
