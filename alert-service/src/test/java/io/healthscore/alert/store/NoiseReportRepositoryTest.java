package io.healthscore.alert.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NoiseReportRepositoryTest {

    @Test
    void theReportStartsOnMondayUtcOfTheFirstWeek() {
        // 2026-12-02 is a Wednesday; its week starts on Monday 2026-11-30.
        assertThat(NoiseReportRepository.firstMonday(Instant.parse("2026-12-02T06:00:00Z"), 1))
                .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(NoiseReportRepository.firstMonday(Instant.parse("2026-12-02T06:00:00Z"), 8))
                .isEqualTo(Instant.parse("2026-10-12T00:00:00Z"));
        // Sunday 23:59 still belongs to the week that began six days earlier; Monday 00:00 starts a new one.
        assertThat(NoiseReportRepository.firstMonday(Instant.parse("2026-11-29T23:59:00Z"), 1))
                .isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(NoiseReportRepository.firstMonday(Instant.parse("2026-11-30T00:00:00Z"), 1))
                .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    }
}
