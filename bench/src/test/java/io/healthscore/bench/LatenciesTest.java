package io.healthscore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesUseTheNearestRank() {
        Latencies l = new Latencies(1_000);
        for (int i = 100; i >= 1; i--) {
            l.add(i);
        }
        assertThat(l.percentile(50)).isEqualTo(50);
        assertThat(l.percentile(95)).isEqualTo(95);
        assertThat(l.percentile(99)).isEqualTo(99);
        assertThat(l.percentile(100)).isEqualTo(100);
        assertThat(l.summary().samples()).isEqualTo(100);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Latencies l = new Latencies(10);
        l.add(7.5);
        assertThat(l.summary()).isEqualTo(new Latencies.Percentiles(7.5, 7.5, 7.5, 1));
    }

    @Test
    void noSamplesIsNotANumberRatherThanZero() {
        assertThat(new Latencies(10).percentile(99)).isNaN();
    }

    @Test
    void samplesPastTheCapacityAreCountedAsDropped() {
        Latencies l = new Latencies(3);
        for (int i = 0; i < 5; i++) {
            l.add(i);
        }
        assertThat(l.count()).isEqualTo(3);
        assertThat(l.dropped()).isEqualTo(2);
    }
}
