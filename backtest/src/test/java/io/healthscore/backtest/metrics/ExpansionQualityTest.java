package io.healthscore.backtest.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.ExpansionKind;
import io.healthscore.backtest.replay.ExpansionRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Precision, recall and lead of the expansion signal against upgrades, and the runs that cannot measure them. */
class ExpansionQualityTest {

    private static final long DAY = EvaluationWindow.DAY_MS;
    /** A log of 100 days, a warm-up of 10, a horizon of 30. */
    private static final EvaluationWindow WINDOW = new EvaluationWindow(0, 100 * DAY, 10, 30);

    private static ExpansionRecord signal(String account, int day, ExpansionKind kind) {
        return new ExpansionRecord(account, day * DAY + 3_600_000, kind);
    }

    @Test
    void precisionRecallAndLeadCountEachSignalAndEachUpgraderOnce() {
        // Given: a signalled twice before its upgrade on day 35; b signalled and never upgrading; c signalled too
        // near the end to tell; d signalled in the warm-up; e upgrading on day 50 without a signal
        List<ExpansionRecord> signals = List.of(signal("a", 20, ExpansionKind.RISING_ADOPTION),
                signal("a", 30, ExpansionKind.SEATS_EXCEEDED), signal("b", 40, ExpansionKind.RISING_ADOPTION),
                signal("c", 90, ExpansionKind.RISING_ADOPTION), signal("d", 5, ExpansionKind.RISING_ADOPTION));
        Map<String, List<Long>> upgrades = Map.of("a", List.of(35 * DAY + 3_600_000), "e", List.of(50 * DAY));

        // When
        ExpansionQuality.Result r = ExpansionQuality.compute(signals, true, upgrades, Map.of(), List.of(), WINDOW);

        // Then
        assertThat(r.measured()).isTrue();
        assertThat(r.notMeasuredBecause()).isEmpty();
        assertThat(r.signalsFired()).isEqualTo(4);
        assertThat(r.signalsInWarmup()).isEqualTo(1);
        assertThat(r.overall().followed()).isEqualTo(2);
        assertThat(r.overall().unknown()).isEqualTo(1);
        assertThat(r.overall().precision()).isEqualTo(2 / 3.0);
        assertThat(r.byKind()).extracting(ExpansionQuality.Precision::group, ExpansionQuality.Precision::signals,
                ExpansionQuality.Precision::followed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SEATS_EXCEEDED", 1L, 1L),
                org.assertj.core.groups.Tuple.tuple("RISING_ADOPTION", 3L, 1L));
        assertThat(r.upgraders()).isEqualTo(2);
        assertThat(r.signalledUpgraders()).isEqualTo(1);
        assertThat(r.recall()).isEqualTo(0.5);
        assertThat(r.medianLeadDays()).isEqualTo(15.0);
        assertThat(r.upgradeRecords()).isEqualTo(2);
    }

    @Test
    void aSignalAfterItsAccountChurnedCountsApart() {
        List<ExpansionRecord> signals = List.of(signal("a", 40, ExpansionKind.RISING_ADOPTION));

        ExpansionQuality.Result r = ExpansionQuality.compute(signals, true, Map.of("b", List.of(50 * DAY)),
                Map.of("a", 30 * DAY), List.of(), WINDOW);

        assertThat(r.signalsAfterChurn()).isEqualTo(1);
        assertThat(r.signalsFired()).isZero();
        assertThat(r.overall().precision()).isNull();
    }

    @Test
    void aMappingWithoutAnUpgradeRuleMeasuresNothingAndSaysWhy() {
        ExpansionQuality.Result r = ExpansionQuality.compute(List.of(signal("a", 20, ExpansionKind.SEATS_EXCEEDED)),
                false, Map.of(), Map.of(), List.of(), WINDOW);

        assertThat(r.measured()).isFalse();
        assertThat(r.notMeasuredBecause()).isEqualTo("the mapping names no upgrade records (add upgrade: {when: ...})");
        assertThat(r.signalsFired()).isEqualTo(1);
        assertThat(r.baseRate()).isNull();
        assertThat(r.recall()).isNull();
        assertThat(r.medianLeadDays()).isNull();
        assertThat(r.lift()).isNull();
    }

    @Test
    void aLogWithoutUpgradesOrWithOnlyEarlyOnesMeasuresNothingAndSaysWhy() {
        assertThat(ExpansionQuality.compute(List.of(), true, Map.of(), Map.of(), List.of(), WINDOW)
                .notMeasuredBecause()).isEqualTo("the log carries no upgrade records (the mapping's upgrade rule "
                + "matched none)");
        ExpansionQuality.Result early = ExpansionQuality.compute(List.of(), true, Map.of("a", List.of(3 * DAY)),
                Map.of(), List.of(), WINDOW);
        assertThat(early.measured()).isFalse();
        assertThat(early.notMeasuredBecause()).startsWith("no account upgraded after the warm-up (1 upgrade records");
    }
}
