package io.healthscore.schemas.values;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class ValueBoundsTest {

    @Test
    void datesFrom1900To2200AreInRange() {
        assertThat(ValueBounds.dateInRange(LocalDate.of(1900, 1, 1))).isTrue();
        assertThat(ValueBounds.dateInRange(LocalDate.of(2200, 12, 31))).isTrue();
        assertThat(ValueBounds.dateInRange(null)).isTrue();
        assertThat(ValueBounds.dateInRange(LocalDate.of(1899, 12, 31))).isFalse();
        assertThat(ValueBounds.dateInRange(LocalDate.of(2201, 1, 1))).isFalse();
        assertThat(ValueBounds.dateInRange(LocalDate.of(-5000, 1, 1))).isFalse();
        assertThat(ValueBounds.dateProblem(LocalDate.of(-5000, 1, 1))).contains("1900-01-01", "2200-12-31");
    }

    @Test
    void instantsFrom1900To2200AreInRange() {
        assertThat(ValueBounds.instantInRange(Instant.parse("1900-01-01T00:00:00Z"))).isTrue();
        assertThat(ValueBounds.instantInRange(Instant.parse("2200-12-31T23:59:59.999Z"))).isTrue();
        assertThat(ValueBounds.instantInRange(Instant.parse("2201-01-01T00:00:00Z"))).isFalse();
        assertThat(ValueBounds.instantInRange(Instant.parse("1899-12-31T23:59:59Z"))).isFalse();
        assertThat(ValueBounds.instantInRange(Instant.MIN)).isFalse();
        assertThat(ValueBounds.instantInRange(Instant.ofEpochMilli(Long.MAX_VALUE))).isFalse();
    }
}
