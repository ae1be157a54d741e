package io.healthscore.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The day rings behind login days and key-feature counts answer exactly what walking the buckets answers, through
 * late and far-future events, dropped buckets, gaps of more than 64 days and a decode.
 */
class UsageHistoryRingsTest {

    private static final StateLimits LIMITS = StateLimits.defaults();
    private static final Set<String> KEY = Set.of("export", "share", "report", "api");
    /** A second model's key features: the rings must not keep the first model's answer. */
    private static final Set<String> OTHER_KEY = Set.of("export", "other");

    @Test
    void ringsAgreeWithTheBucketsUnderRandomActivity() {
        Random random = new Random(1202L);
        UsageHistory usage = new UsageHistory();
        long today = 20_000;
        for (int i = 0; i < 50_000; i++) {
            int step = random.nextInt(1_000);
            if (step < 30) {
                today++;
                usage.expire(today, LIMITS);
            } else if (step == 30) {
                today += 65 + random.nextInt(40);   // a long silence: buckets span more than the ring
            } else if (step == 31) {
                usage = decoded(usage);
            }
            long day = today - random.nextInt(40) + (random.nextInt(50) == 0 ? 1 : 0);
            String feature = random.nextBoolean() ? null
                    : new String[] {"export", "share", "report", "api", "other", "beta"}[random.nextInt(6)];
            usage.record(day, day * 86_400_000L, "u" + random.nextInt(9), random.nextInt(4) == 0, feature, null,
                    LIMITS);
            if (i % 7 == 0) {
                long from = today - random.nextInt(70);
                long to = from + random.nextInt(40);
                assertThat(usage.loginDays(from, to)).as("login days [%d, %d] at %d", from, to, i)
                        .isEqualTo(walkedLoginDays(usage, from, to));
                Set<String> key = i % 3 == 0 ? OTHER_KEY : KEY;
                assertThat(usage.keyFeaturesUsed(from, to, key)).as("key features [%d, %d] at %d", from, to, i)
                        .isEqualTo(walkedFeatures(usage, from, to, key));
            }
        }
    }

    private static UsageHistory decoded(UsageHistory from) {
        UsageHistory copy = new UsageHistory();
        from.days.forEach((day, b) -> copy.days.put(day, new DayBucket(b.logins, b.events, new TreeSet<>(b.keyFeatures))));
        return copy;
    }

    private static long walkedLoginDays(UsageHistory usage, long from, long to) {
        return usage.days(from, to).values().stream().filter(d -> d.logins() > 0).count();
    }

    private static int walkedFeatures(UsageHistory usage, long from, long to, Set<String> key) {
        Set<String> used = new HashSet<>();
        usage.days(from, to).values().forEach(d -> d.keyFeatures().stream().filter(key::contains).forEach(used::add));
        return used.size();
    }
}
