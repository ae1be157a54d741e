package io.healthscore.backtest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.backtest.input.Throttle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {

    private long now;

    @Test
    void aLineEveryFewSecondsWithRecordsLogDayRateAndTimeLeft() {
        List<String> lines = new ArrayList<>();
        ReplayProgress progress = new ReplayProgress(10_000, lines::add,
                new Throttle(Duration.ofSeconds(5), () -> now), () -> now);
        long logTime = Instant.parse("2026-02-14T10:00:00Z").toEpochMilli();

        // 2,500 records over 10 s of wall time, one every 4 ms: two lines are due, at 5 s and at 10 s.
        for (int i = 0; i < 2_500; i++) {
            now += 4_000_000L;
            progress.record(logTime);
        }

        assertThat(lines).containsExactly(
                "replayed 1,250 of 10,000 records (12.5%), log day 2026-02-14, 250 records/s, ETA 35 s",
                "replayed 2,500 of 10,000 records (25.0%), log day 2026-02-14, 250 records/s, ETA 30 s");
    }

    @Test
    void timeLeftReadsInMinutesAndHours() {
        assertThat(ReplayProgress.duration(59.4)).isEqualTo("59 s");
        assertThat(ReplayProgress.duration(208)).isEqualTo("3 min 28 s");
        assertThat(ReplayProgress.duration(7_500)).isEqualTo("2 h 05 min");
    }
}
