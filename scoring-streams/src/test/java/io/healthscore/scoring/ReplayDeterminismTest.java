package io.healthscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.avro.AccountProfile;
import io.healthscore.avro.AccountSignal;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.ChurnRiskAlert;
import io.healthscore.avro.UsageEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In STREAM_TIME mode the wall clock does not matter: a month replayed at full speed equals the month live. */
class ReplayDeterminismTest {

    private static final ScoringConfig STREAM_TIME = ScoringDriver.defaultConfig().withClock(ClockMode.STREAM_TIME);

    @Test
    void aMonthReplayedAtFullSpeedGivesTheSameOutputsAsTheMonthLive() {
        List<ScriptedMonth.Input> month = ScriptedMonth.inputs(ScoringDriver.T0);

        List<Object> live = run(month, true);
        List<Object> fullSpeed = run(month, false);

        assertThat(fullSpeed).isEqualTo(live);
        // And the month was eventful: scores, level movements and alerts of several rules
        assertThat(live).hasSizeGreaterThan(50);
        assertThat(live).filteredOn(o -> o instanceof ChurnRiskAlert).extracting(o -> ((ChurnRiskAlert) o).getRule())
                .contains(AlertRule.INACTIVITY, AlertRule.PAYMENT_FAILED, AlertRule.DETRACTOR_NPS);
    }

    /** Every output, in order, tagged by topic; live = the wall clock follows the inputs' receivedAt. */
    private static List<Object> run(List<ScriptedMonth.Input> month, boolean livePaced) {
        List<Object> outputs = new ArrayList<>();
        try (ScoringDriver hs = new ScoringDriver(STREAM_TIME)) {
            for (ScriptedMonth.Input input : month) {
                if (livePaced && input.receivedAt().isAfter(hs.now())) {
                    hs.advanceTo(input.receivedAt());
                }
                switch (input.value()) {
                    case UsageEvent e -> hs.pipe(e);
                    case AccountSignal s -> hs.pipe(s);
                    case AccountProfile p -> hs.pipe(p);
                    default -> throw new IllegalStateException();
                }
            }
            if (livePaced) {
                hs.advance(Duration.ofDays(1));
            }
            outputs.addAll(hs.scores());
            outputs.addAll(hs.latestScores());
            outputs.addAll(hs.transitions());
            outputs.addAll(hs.alerts());
            assertThat(hs.usageDlq().isEmpty()).isTrue();
        }
        return outputs;
    }
}
