package io.healthscore.scoring.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The weekly average in ACTIVITY's explanation reads exactly as it did when it was formatted as a double. */
class ActivityComponentTest {

    @Test
    void oneDecimalWritesWhatDoubleToStringWrote() {
        Random random = new Random(7L);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 4) {
                case 0 -> random.nextInt(2_000) / 4.0;      // quarter users: the weekly mean of four counts
                case 1 -> random.nextDouble() * 1_000;
                case 2 -> random.nextDouble() * 2e7;        // across the E-notation boundary
                default -> random.nextInt(100) + 0.05;      // halfway cases
            };
            assertThat(ActivityComponent.oneDecimal(x)).as("%s", x).isEqualTo(Double.toString(Math.round(x * 10) / 10.0));
        }
        assertThat(ActivityComponent.oneDecimal(0)).isEqualTo("0.0");
        assertThat(ActivityComponent.oneDecimal(12.25)).isEqualTo("12.3");
    }
}
