package io.healthscore.backtest.fit;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.backtest.metrics.EvaluationWindow;
import io.healthscore.backtest.replay.DeclineSample;
import io.healthscore.scoring.model.UsageDeclineThresholds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * USAGE_DECLINE's thresholds tuned to a precision target with the longest lead, and the inputs that cannot support
 * a fit refused in words, keeping the model's thresholds and never a NaN.
 */
class AlertThresholdFitTest {

    private static final long DAY = EvaluationWindow.DAY_MS;
    /** 150 days of log, 28 of warm-up, a 30-day horizon. */
    private static final EvaluationWindow WINDOW = new EvaluationWindow(0, 150 * DAY, 28, 30);
    private static final UsageDeclineThresholds CURRENT = UsageDeclineThresholds.defaults();

    @Test
    void churnersWhoseUseFallsForWeeksGetTheLowestThresholdThatKeepsHalfTheFiringsRight() {
        // Given 40 churners whose decline climbs from 0 to 0.9 over the 30 days before they churn, and 160 accounts
        // that stay with declines between 0 and 0.35 (one in ten dips to 0.45 for a week)
        Map<String, Long> churnAt = new HashMap<>();
        List<DeclineSample> samples = new ArrayList<>();
        Random random = new Random(7);
        for (int a = 0; a < 40; a++) {
            long churnDay = 80 + a;
            churnAt.put("c" + a, churnDay * DAY + 3_600_000);
            for (long d = 30; d <= churnDay; d++) {
                double decline = d < churnDay - 30 ? 0.1 * random.nextDouble() : 0.9 * (d - churnDay + 30) / 30.0;
                samples.add(new DeclineSample("c" + a, d, decline));
            }
        }
        for (int a = 0; a < 160; a++) {
            for (long d = 30; d <= 150; d++) {
                boolean dip = a % 10 == 0 && d >= 60 && d < 67;
                samples.add(new DeclineSample("s" + a, d, dip ? 0.45 : 0.35 * random.nextDouble()));
            }
        }

        // When the thresholds are fitted
        AlertThresholdFit.Result fit = AlertThresholdFit.fit(samples, churnAt, WINDOW, 7, CURRENT);

        // Then SUSPECTED is the threshold with the longest median lead among those at 50 % precision or more, and
        // IMMINENT is above it, at 75 % precision or more and no less than SUSPECTED's
        assertThat(fit.fitted()).as(fit.notFittedBecause()).isTrue();
        AlertThresholdFit.Candidate s = fit.suspected();
        assertThat(s.precision()).isGreaterThanOrEqualTo(0.5);
        assertThat(fit.candidates()).filteredOn(c -> c.judged() >= 10 && c.precision() >= 0.5)
                .allSatisfy(c -> assertThat(c.leads().median()).isLessThanOrEqualTo(s.leads().median()));
        assertThat(s.threshold()).isEqualTo(0.35);
        assertThat(s.leads().median()).isGreaterThanOrEqualTo(14);
        assertThat(fit.imminent().threshold()).isGreaterThan(s.threshold());
        assertThat(fit.imminent().precision()).isGreaterThanOrEqualTo(Math.max(0.75, s.precision()));
        assertThat(fit.applyTo(CURRENT)).isEqualTo(CURRENT.withThresholds(s.threshold(), fit.imminent().threshold()));
        assertThat(s.leadByChurner()).hasSize(s.leads().count()).allSatisfy((churner, lead) -> assertThat(lead)
                .isBetween(0.0, 30.0));
    }

    @Test
    void noMeasuredDeclineKeepsTheThresholdsAndSaysWhy() {
        AlertThresholdFit.Result fit = AlertThresholdFit.fit(List.of(), Map.of("c1", 90 * DAY), WINDOW, 7, CURRENT);

        assertThat(fit.fitted()).isFalse();
        assertThat(fit.notFittedBecause())
                .isEqualTo("no account had the two windows of use a decline is measured on after the warm-up");
        assertThat(fit.applyTo(CURRENT)).isEqualTo(CURRENT);
    }

    @Test
    void noChurnerAmongTheMeasuredAccountsKeepsTheThresholdsAndSaysWhy() {
        List<DeclineSample> samples = List.of(new DeclineSample("s1", 40, 0.5), new DeclineSample("s1", 41, 0.6));

        AlertThresholdFit.Result fit = AlertThresholdFit.fit(samples, Map.of("c1", 90 * DAY), WINDOW, 7, CURRENT);

        assertThat(fit.fitted()).isFalse();
        assertThat(fit.notFittedBecause())
                .isEqualTo("no account with a measured decline churned, so no firing can be followed by churn");
        assertThat(fit.applyTo(CURRENT)).isEqualTo(CURRENT);
    }

    @Test
    void aDeclineThatDoesNotPredictChurnIsNotTunedAndTheBestPrecisionIsNamed() {
        // Given churners and stayers with the very same declines
        Map<String, Long> churnAt = new HashMap<>();
        List<DeclineSample> samples = new ArrayList<>();
        for (int a = 0; a < 100; a++) {
            if (a % 5 == 0) {
                churnAt.put("a" + a, 100 * DAY);
            }
            for (long d = 30; d < 100; d++) {
                samples.add(new DeclineSample("a" + a, d, (d % 10) / 10.0));
            }
        }

        AlertThresholdFit.Result fit = AlertThresholdFit.fit(samples, churnAt, WINDOW, 7, CURRENT);

        assertThat(fit.fitted()).isFalse();
        assertThat(fit.notFittedBecause()).startsWith("no threshold from 0.10 to 0.95 with at least 10 judged firings "
                + "reaches 50% precision (the best is ").doesNotContain("NaN");
        assertThat(fit.applyTo(CURRENT)).isEqualTo(CURRENT);
        assertThat(fit.candidates()).allSatisfy(c -> assertThat(c.judged() == 0 || Double.isFinite(c.precision()))
                .isTrue());
    }

    /** Churners whose decline climbs to 0.9 over the {@code rampDays} before they churn, and noisy stayers. */
    private static List<DeclineSample> ramp(int rampDays, Map<String, Long> churnAt, long seed) {
        List<DeclineSample> samples = new ArrayList<>();
        Random random = new Random(seed);
        for (int a = 0; a < 40; a++) {
            long churnDay = 80 + a;
            churnAt.put("c" + a, churnDay * DAY + 3_600_000);
            for (long d = 30; d <= churnDay; d++) {
                double decline = d < churnDay - rampDays ? 0.1 * random.nextDouble()
                        : 0.9 * (d - churnDay + rampDays) / rampDays;
                samples.add(new DeclineSample("c" + a, d, decline));
            }
        }
        for (int a = 0; a < 160; a++) {
            for (long d = 30; d <= 150; d++) {
                samples.add(new DeclineSample("s" + a, d, 0.35 * random.nextDouble()));
            }
        }
        return samples;
    }

    @Test
    void theWindowWhoseDeclineShowsEarliestAtTheTargetIsProposedAndEveryWindowTriedIsListed() {
        // Given the same churners measured over 14-day windows (the decline shows 20 days ahead) and over 7-day ones
        // (it shows 28 days ahead, with the same noise)
        Map<String, Long> churnAt = new HashMap<>();
        Map<Integer, List<DeclineSample>> byWindow = Map.of(14, ramp(20, churnAt, 3), 7, ramp(28, churnAt, 3));

        // When the thresholds are fitted over both
        AlertThresholdFit.Result fit = AlertThresholdFit.fitDecline(byWindow, churnAt, WINDOW, 7, CURRENT);

        // Then the 7-day window wins, with its longer lead, and the proposal carries it
        assertThat(fit.fitted()).as(fit.notFittedBecause()).isTrue();
        assertThat(fit.windowDays()).isEqualTo(7);
        assertThat(fit.windowsTried()).extracting(AlertThresholdFit.Result::windowDays).containsExactly(7, 14);
        AlertThresholdFit.Result fourteen = fit.windowsTried().get(1);
        assertThat(fit.suspected().leads().median()).isGreaterThan(fourteen.suspected().leads().median());
        assertThat(fit.applyTo(CURRENT).windowDays()).isEqualTo(7);
        assertThat(fit.applyTo(CURRENT).suspected()).isEqualTo(fit.suspected().threshold());
    }
}
